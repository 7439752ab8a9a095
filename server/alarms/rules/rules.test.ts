import { describe, expect, it } from 'vitest';
import { runRules } from '.';
import { evaluateIncidents, type OpenIncidentState, type PendingState } from '../incident-machine';
import { dataStaleRule } from './data-stale';
import { diskQuotaRule } from './disk-quota';
import { failcntRisingRule } from './failcnt-rising';
import { heldNearBarrierRule } from './held-near-barrier';
import { migrationFailedRule } from './migration-failed';
import { cpuGuaranteeRule, memoryCommitmentRule } from './node-commitment';
import { nodeDownRule } from './node-down';
import { block, minutes, ruleInput, T0 } from './test-input';
import type { RuleInput } from './types';

const failedPoll = (health: 'unreachable' | 'auth-failed' | 'host-key-mismatch' | 'timeout' | 'parse-error', at: Date): Partial<RuleInput> => ({
  now: at,
  poll: { health, lastAttemptAt: at, lastSuccessAt: T0, lastErrorText: 'connect ECONNREFUSED' },
});

/** Runs `n` consecutive evaluations of the same input shape; returns how many opened at each. */
function openedAfter(polls: RuleInput[]): number[] {
  let pending: PendingState[] = [];
  const open: OpenIncidentState[] = [];
  return polls.map((input) => {
    const e = evaluateIncidents(open, pending, runRules(input), input.now);
    pending = e.pending;
    e.open.forEach((c, i) => open.push({ id: open.length + i + 1, key: c.key, rule: c.rule, severity: c.severity, scope: c.scope, title: c.title, detail: c.detail, value: c.value }));
    return e.open.length;
  });
}

describe('node down rules', () => {
  it.each(['unreachable', 'timeout', 'auth-failed', 'host-key-mismatch'] as const)('see %s as the node being down, with the configured count of failed polls', (health) => {
    const r = nodeDownRule(ruleInput({ ...failedPoll(health, minutes(1)), snapshot: null }));
    expect(r.conditions).toHaveLength(1);
    expect(r.conditions[0]).toMatchObject({ key: 'node:1:down', severity: 'critical', scope: 'node', forPolls: 3 });
  });

  it('do not count a parse error or first contact as the node being down', () => {
    expect(nodeDownRule(ruleInput({ ...failedPoll('parse-error', minutes(1)) })).conditions).toEqual([]);
    expect(nodeDownRule(ruleInput({ poll: { health: 'host-key-unknown', lastAttemptAt: T0, lastSuccessAt: null, lastErrorText: null } })).conditions).toEqual([]);
  });

  it('open on the 3rd consecutive failed poll by default: not the 2nd, once only on the 4th', () => {
    const polls = [1, 2, 3, 4].map((m) => ruleInput({ ...failedPoll('unreachable', minutes(m)), snapshot: null }));
    expect(openedAfter(polls)).toEqual([0, 0, 1, 0]);
  });

  it('restart the count after a successful poll', () => {
    const fail = (m: number) => ruleInput({ ...failedPoll('unreachable', minutes(m)), snapshot: null });
    expect(openedAfter([fail(1), fail(2), ruleInput({ now: minutes(3) }), fail(4), fail(5), fail(6)])).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('honour a tuned count and the rule being off', () => {
    const fail = (m: number, settings: RuleInput['settings'] | object) => ruleInput({ ...failedPoll('auth-failed', minutes(m)), snapshot: null, settings: settings as never });
    expect(openedAfter([fail(1, { nodeAuthFailed: { failedPolls: 1 } })])).toEqual([1]);
    expect(nodeDownRule(fail(1, { nodeAuthFailed: { enabled: false } })).conditions).toEqual([]);
  });
});

describe('dataStaleRule', () => {
  const at = (ageMs: number) => dataStaleRule(ruleInput({ now: new Date(T0.getTime() + ageMs), poll: { health: 'parse-error', lastAttemptAt: T0, lastSuccessAt: T0, lastErrorText: null } }));
  it('fires only when the last success is older than 3 poll intervals', () => {
    expect(at(3 * 60_000 - 1).conditions).toHaveLength(0);
    expect(at(3 * 60_000).conditions).toHaveLength(0);
    expect(at(3 * 60_000 + 1).conditions).toHaveLength(1);
  });
  it('measures a node that never succeeded from its creation', () => {
    const node = { id: 2, name: 'new', tags: [], createdAt: T0, pollIntervalMs: 60_000 };
    expect(dataStaleRule(ruleInput({ node, now: minutes(2), poll: null })).conditions).toHaveLength(0);
    expect(dataStaleRule(ruleInput({ node, now: minutes(4), poll: null })).conditions[0]?.detail).toBe('never polled successfully');
  });
  it('is held back while the node is down: the node-down incident says it', () => {
    const input = ruleInput({ now: minutes(10), poll: { health: 'unreachable', lastAttemptAt: minutes(10), lastSuccessAt: T0, lastErrorText: null }, snapshot: null });
    const out = runRules(input);
    expect(out.nodeDown).toBe(true);
    expect(out.conditions.map((c) => c.rule)).toEqual(['node-unreachable']);
    expect(out.observed.has('data-stale')).toBe(false);
  });
});

describe('failcntRisingRule', () => {
  const ev = (m: number, resource = 'privvmpages', ctId = '101') => ({ ctId, resource, at: minutes(m), delta: 2 });
  it('opens on one increase, one condition per CT and resource', () => {
    const r = failcntRisingRule(ruleInput({ now: minutes(0), failcntEvents: [ev(0), ev(0, 'numproc'), ev(0, 'privvmpages', '102')] }));
    expect(r.conditions.map((c) => c.key).sort()).toEqual(['ct:1:101:failcnt:numproc', 'ct:1:101:failcnt:privvmpages', 'ct:1:102:failcnt:privvmpages']);
  });
  it('holds for the quiet period (30 min) after the last increase and ends just after it', () => {
    const events = [ev(0), ev(5)];
    const at = (m: number) => failcntRisingRule(ruleInput({ now: minutes(m), failcntEvents: events })).conditions;
    expect(at(34.99)).toHaveLength(1);
    expect(at(35)).toHaveLength(0);
    expect(at(35.01)).toHaveLength(0);
    expect(at(20)[0]?.value).toBe(4);
  });
  it('says a rising physpages failcnt is swapping at the RAM limit, at info by default', () => {
    const [c] = failcntRisingRule(ruleInput({ failcntEvents: [ev(0, 'physpages')] })).conditions;
    expect(c).toMatchObject({ severity: 'info', title: 'CT 101 on hn1: at its RAM limit, swapping' });
  });
  it('judges nothing without a fresh snapshot, so a node down does not resolve its CTs', () => {
    expect(failcntRisingRule(ruleInput({ snapshot: null, failcntEvents: [ev(0)] })).observed).toBe(false);
  });
});

describe('heldNearBarrierRule', () => {
  const at = (held: number, barrier: number | null = 1000) => heldNearBarrierRule(ruleInput({ snapshot: { beancounters: [block('101', [{ resource: 'numproc', held, barrier }])] } })).conditions;
  it('fires at 95 % of the barrier, not just below', () => {
    expect(at(949)).toHaveLength(0);
    expect(at(950)).toHaveLength(1);
    expect(at(951)[0]).toMatchObject({ key: 'ct:1:101:held:numproc', forMs: 10 * 60_000, scope: 'ct' });
  });
  it('once open, holds down to 90 % and resolves just below it', () => {
    const open = new Set(['ct:1:101:held:numproc']);
    const held = (h: number) => heldNearBarrierRule(ruleInput({ openKeys: open, snapshot: { beancounters: [block('101', [{ resource: 'numproc', held: h, barrier: 1000 }])] } })).conditions;
    expect(held(901)).toHaveLength(1);
    expect(held(900)).toHaveLength(1);
    expect(held(899)).toHaveLength(0);
  });
  it('skips the guarantee resources, whose barrier is a promise, not a ceiling', () => {
    const r = heldNearBarrierRule(ruleInput({ snapshot: { beancounters: [block('101', [{ resource: 'oomguarpages', held: 2000, barrier: 1000 }, { resource: 'vmguarpages', held: 990, barrier: 1000 }])] } }));
    expect(r.conditions).toEqual([]);
  });
  it('skips unlimited and zero barriers and CT0', () => {
    expect(at(5, null)).toHaveLength(0);
    expect(at(5, 0)).toHaveLength(0);
    const r = heldNearBarrierRule(ruleInput({ snapshot: { beancounters: [block('0', [{ resource: 'kmemsize', held: 100, barrier: 100 }])] } }));
    expect(r.conditions).toHaveLength(0);
  });
  it('opens only after 10 minutes at the barrier: not at 9:59, at 10:00, once', () => {
    const snap = { beancounters: [block('101', [{ resource: 'numproc', held: 990, barrier: 1000 }])] };
    const polls = [0, 5, 9.99, 10, 11].map((m) => ruleInput({ now: minutes(m), snapshot: snap }));
    expect(openedAfter(polls)).toEqual([0, 0, 0, 1, 0]);
  });
});

describe('node commitment rules', () => {
  const mem = (commitment: number) =>
    memoryCommitmentRule(ruleInput({ snapshot: { summary: { memory: { model: 'vzmemcheck', commitment, allocCommit: commitment, allocUtil: 0.5, memswapUtil: 0.5, oversell: null, commitExcluded: 0 }, disk: { usedKb: 0, hardKb: 0, share: null } } } })).conditions;
  it('memory commitment fires strictly above 200 % of RAM+swap', () => {
    expect(mem(1.99)).toHaveLength(0);
    expect(mem(2.0)).toHaveLength(0);
    expect(mem(2.01)).toHaveLength(1);
  });
  const cpu = (used: number, power = 1000) => cpuGuaranteeRule(ruleInput({ snapshot: { cpuUtilization: used, cpuNodePower: power } })).conditions;
  it('CPU guarantee fires strictly above the node power', () => {
    expect(cpu(999)).toHaveLength(0);
    expect(cpu(1000)).toHaveLength(0);
    expect(cpu(1001)[0]).toMatchObject({ key: 'node:1:cpu-guarantee', value: 1.001 });
  });
  it('say nothing without the figures', () => {
    expect(cpuGuaranteeRule(ruleInput()).conditions).toEqual([]);
    expect(memoryCommitmentRule(ruleInput()).conditions).toEqual([]);
  });
});

describe('diskQuotaRule', () => {
  const q = (blocksUsage: number, inodesUsage = 0) =>
    diskQuotaRule(ruleInput({ snapshot: { quotas: [{ ctId: '101', blocksUsage, blocksSoft: 1000, blocksHard: 1100, inodesUsage, inodesSoft: 500, inodesHard: 600 }] } })).conditions;
  it('fires past the soft limit (not at it), and is critical at the hard limit', () => {
    expect(q(999)).toHaveLength(0);
    expect(q(1000)).toHaveLength(0);
    expect(q(1001)[0]).toMatchObject({ severity: 'warning', key: 'ct:1:101:quota', resource: 'disk space' });
    expect(q(1099)[0]?.severity).toBe('warning');
    expect(q(1100)[0]?.severity).toBe('critical');
  });
  it('watches inodes too, in the same incident', () => {
    expect(q(10, 501)[0]).toMatchObject({ resource: 'inodes' });
    expect(q(1001, 501)).toHaveLength(1);
  });
});

describe('migrationFailedRule', () => {
  const job = (id: string, status: string, finishedMin: number) => ({ id, ctId: '101', status, finishedAt: minutes(finishedMin), error: 'rsync failed', targetName: 'hn2' });
  it('holds for 24 hours after the failure', () => {
    const at = (m: number) => migrationFailedRule(ruleInput({ now: minutes(m), migrations: [job('j1', 'failed', 0)] })).conditions;
    expect(at(24 * 60 - 1)).toHaveLength(1);
    expect(at(24 * 60)).toHaveLength(0);
  });
  it('ends when the same CT was later migrated successfully', () => {
    const r = migrationFailedRule(ruleInput({ now: minutes(10), migrations: [job('j2', 'succeeded', 5), job('j1', 'failed', 0)] }));
    expect(r.conditions).toEqual([]);
  });
});
