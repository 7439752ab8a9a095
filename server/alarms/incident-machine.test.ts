import { describe, expect, it } from 'vitest';
import { evaluateIncidents, type OpenIncidentState } from './incident-machine';
import type { RulesOutcome } from './rules';
import type { Condition, RuleId } from './rules/types';
import { minutes } from './rules/test-input';

const cond = (key: string, o: Partial<Condition> = {}): Condition => ({
  key,
  rule: 'failcnt-rising',
  severity: 'warning',
  scope: 'ct',
  nodeId: 1,
  ctId: '101',
  resource: 'numproc',
  title: `t ${key}`,
  detail: '',
  value: null,
  ...o,
});
const outcome = (conditions: Condition[], observed: RuleId[] = ['failcnt-rising', 'node-unreachable']): RulesOutcome => ({ conditions, observed: new Set(observed), nodeDown: false });
const asOpen = (c: Condition, id: number): OpenIncidentState => ({ id, key: c.key, rule: c.rule, severity: c.severity, scope: c.scope, title: c.title, detail: c.detail, value: c.value });

describe('evaluateIncidents', () => {
  it('opens a new condition once and then only sees it while it lasts', () => {
    const c = cond('a');
    const first = evaluateIncidents([], [], outcome([c]), minutes(0));
    expect(first.open).toEqual([c]);
    const second = evaluateIncidents([asOpen(c, 1)], first.pending, outcome([c]), minutes(1));
    expect(second).toMatchObject({ open: [], update: [], resolve: [], seen: [1] });
  });

  it('updates an open incident when its severity or text changes, and says when severity did', () => {
    const c = cond('a');
    const e = evaluateIncidents([asOpen(c, 1)], [], outcome([{ ...c, severity: 'critical', title: 'worse' }]), minutes(1));
    expect(e.update).toEqual([{ id: 1, condition: expect.objectContaining({ title: 'worse' }), severityChanged: true }]);
  });

  it('resolves once when the rule judged and the condition is gone', () => {
    const c = cond('a');
    const e = evaluateIncidents([asOpen(c, 1)], [], outcome([]), minutes(1));
    expect(e.resolve.map((i) => i.id)).toEqual([1]);
  });

  it('leaves incidents and pending counts of rules without fresh data untouched', () => {
    const c = cond('a');
    const pending = [{ key: 'b', rule: 'failcnt-rising' as const, since: minutes(0), polls: 1 }];
    const e = evaluateIncidents([asOpen(c, 1)], pending, outcome([], ['node-unreachable']), minutes(1));
    expect(e.resolve).toEqual([]);
    expect(e.pending).toEqual(pending);
  });

  it('counts consecutive evaluations and forgets the count when the condition stops', () => {
    const c = cond('n', { rule: 'node-unreachable', scope: 'node', forPolls: 2 });
    const one = evaluateIncidents([], [], outcome([c]), minutes(0));
    expect(one.open).toEqual([]);
    expect(one.pending).toEqual([{ key: 'n', rule: 'node-unreachable', since: minutes(0), polls: 1 }]);
    const gap = evaluateIncidents([], one.pending, outcome([]), minutes(1));
    expect(gap.pending).toEqual([]);
    const two = evaluateIncidents([], one.pending, outcome([c]), minutes(1));
    expect(two.open).toEqual([c]);
    expect(two.pending).toEqual([]);
  });

  it('treats duplicate keys in one evaluation as one condition', () => {
    expect(evaluateIncidents([], [], outcome([cond('a'), cond('a')]), minutes(0)).open).toHaveLength(1);
  });
});
