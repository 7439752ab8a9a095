import type { BeancounterBlock } from '../../openvz/beancounters';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../settings';
import type { RuleInput } from './types';

export const T0 = new Date('2026-12-04T08:00:00Z');
export const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

type Overrides = Omit<Partial<RuleInput>, 'snapshot' | 'settings'> & {
  snapshot?: Partial<NonNullable<RuleInput['snapshot']>> | null;
  settings?: { [K in keyof AlarmSettings]?: Partial<AlarmSettings[K]> };
};

/** A healthy node polled just now, with the given parts replaced: tests state only what they vary. */
export function ruleInput(o: Overrides = {}): RuleInput {
  const settings = structuredClone(DEFAULT_ALARM_SETTINGS);
  for (const [k, v] of Object.entries(o.settings ?? {})) Object.assign(settings[k as keyof AlarmSettings], v);
  const now = o.now ?? T0;
  return {
    now,
    node: o.node ?? { id: 1, name: 'hn1', tags: [], createdAt: new Date(T0.getTime() - 86_400_000), pollIntervalMs: 60_000 },
    poll: o.poll === undefined ? { health: 'ok', lastAttemptAt: now, lastSuccessAt: now, lastErrorText: null } : o.poll,
    snapshot:
      o.snapshot === null
        ? null
        : { collectedAt: now, beancounters: [], quotas: [], summary: null, cpuUtilization: null, cpuNodePower: null, ...o.snapshot },
    failcntEvents: o.failcntEvents ?? [],
    migrations: o.migrations ?? [],
    settings,
    openKeys: o.openKeys ?? new Set(),
  };
}

export function block(ctId: string, rows: { resource: string; held: number; barrier: number | null; limit?: number | null; failcnt?: number }[]): BeancounterBlock {
  return { ctId, beancounters: rows.map((r) => ({ resource: r.resource, held: r.held, maxheld: r.held, barrier: r.barrier, limit: r.limit ?? r.barrier, failcnt: r.failcnt ?? 0 })) };
}
