import { CT_ACTION_TARGET_STATUS, type CtAction, type CtActionStatus } from '../../vocabulary/ct-action';

export interface CtActionOutcomeInput {
  ctId: string;
  action: CtAction;
  /** The tool's exit code; null when the session ended without one (lost connection, restart). */
  code: number | null;
  /** The status read back afterwards; null when it could not be read. */
  after: string | null;
  /** The last line the tool printed, for the error text. */
  lastLine: string | null;
}

export interface CtActionOutcome {
  status: Extract<CtActionStatus, 'succeeded' | 'succeeded-with-warnings' | 'failed' | 'reconciling'>;
  error: string | null;
  warnings: string[];
  verified: string;
}

/**
 * How an action ended, decided from the CT's status read back on the node — never from the exit
 * code alone (vzctl 4.x exits 0 from a stop of a CT that was not running). Unreadable → ask again.
 */
export function decideCtActionOutcome(i: CtActionOutcomeInput): CtActionOutcome {
  const want = CT_ACTION_TARGET_STATUS[i.action];
  if (i.after === null) return { status: 'reconciling', error: null, warnings: [], verified: `cannot verify: the status of CT ${i.ctId} could not be read` };
  const verified = `CT ${i.ctId} is ${i.after} (read back with vzctl status)`;
  if (i.after === want) {
    const warnings: string[] = [];
    if (i.code === null) warnings.push('vzfleet lost the session before the tool ended; the outcome was read back');
    else if (i.code !== 0) warnings.push(`the tool exited with ${i.code}${i.lastLine ? ` (${i.lastLine})` : ''}, yet the CT is ${want}`);
    return { status: warnings.length ? 'succeeded-with-warnings' : 'succeeded', error: null, warnings, verified };
  }
  const why = i.code === 0 ? `the tool reported success but the CT is ${i.after}, not ${want}` : i.code === null ? `the session was lost and the CT is ${i.after}, not ${want}` : `exit ${i.code}${i.lastLine ? `: ${i.lastLine}` : ''}`;
  return { status: 'failed', error: why, warnings: [], verified };
}
