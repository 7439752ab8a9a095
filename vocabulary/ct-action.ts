/**
 * What a person can do to a container from the browser, and how such a job ends. One list, read by
 * the server (templates, router input) and the page (buttons, labels).
 */
export const CT_ACTIONS = ['start', 'stop', 'restart', 'suspend', 'resume'] as const;
export type CtAction = (typeof CT_ACTIONS)[number];

/** running → one of the outcomes; `reconciling` while a job left by an earlier process is read back. */
export const CT_ACTION_STATUSES = ['running', 'reconciling', 'succeeded', 'succeeded-with-warnings', 'failed'] as const;
export type CtActionStatus = (typeof CT_ACTION_STATUSES)[number];
export const ACTIVE_CT_ACTION_STATUSES: readonly CtActionStatus[] = ['running', 'reconciling'];

/** The CT status (vzlist's word) each action must leave behind; the outcome is read back, never assumed. */
export const CT_ACTION_TARGET_STATUS: Record<CtAction, 'running' | 'stopped' | 'suspended'> = {
  start: 'running',
  stop: 'stopped',
  restart: 'running',
  suspend: 'suspended',
  resume: 'running',
};

/** The verb as a person reads it in a confirmation ("Stop CT 101 (web1.example.com)?"). */
export const CT_ACTION_LABEL: Record<CtAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  suspend: 'Suspend',
  resume: 'Resume',
};
