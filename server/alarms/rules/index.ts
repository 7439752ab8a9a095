import { dataStaleRule } from './data-stale';
import { diskQuotaRule } from './disk-quota';
import { failcntRisingRule } from './failcnt-rising';
import { heldNearBarrierRule } from './held-near-barrier';
import { migrationFailedRule } from './migration-failed';
import { cpuGuaranteeRule, memoryCommitmentRule } from './node-commitment';
import { nodeDownRule } from './node-down';
import { NODE_DOWN_RULES, type Condition, type Rule, type RuleId, type RuleInput } from './types';

/** Each rule and the rule ids its incidents carry (node-down carries three). */
const RULES: readonly { rule: Rule; ids: readonly RuleId[] }[] = [
  { rule: nodeDownRule, ids: NODE_DOWN_RULES },
  { rule: dataStaleRule, ids: ['data-stale'] },
  { rule: failcntRisingRule, ids: ['failcnt-rising'] },
  { rule: heldNearBarrierRule, ids: ['held-near-barrier'] },
  { rule: memoryCommitmentRule, ids: ['memory-commitment'] },
  { rule: cpuGuaranteeRule, ids: ['cpu-guarantee'] },
  { rule: diskQuotaRule, ids: ['disk-quota'] },
  { rule: migrationFailedRule, ids: ['migration-failed'] },
];

export interface RulesOutcome {
  /** Rules that had the data to judge; incidents of the others stay as they are. */
  observed: Set<RuleId>;
  conditions: Condition[];
  /** A node-down condition holds: per-CT alarms and staleness are held back (one incident for the node). */
  nodeDown: boolean;
}

/** Runs every rule over one node's stored data. Pure. */
export function runRules(input: RuleInput): RulesOutcome {
  const observed = new Set<RuleId>();
  let conditions: Condition[] = [];
  for (const { rule, ids } of RULES) {
    const r = rule(input);
    if (r.observed) for (const id of ids) observed.add(id);
    conditions.push(...r.conditions);
  }
  const nodeDown = conditions.some((c) => NODE_DOWN_RULES.includes(c.rule));
  if (nodeDown) {
    // Grouping: the node being down is the one incident; the rest would only repeat it.
    conditions = conditions.filter((c) => c.rule !== 'data-stale' && c.scope !== 'ct');
    observed.delete('data-stale');
  }
  return { observed, conditions, nodeDown };
}
