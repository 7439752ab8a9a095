import { clip, percent, type Condition, type Rule } from './types';

/**
 * A CT holds ≥ `ratio` of a barrier for `minutes`: it is about to be refused. Once open, it holds
 * until held drops below `resolveRatio` (hysteresis: a value wobbling around 95 % is one
 * incident). Unlimited or zero barriers (VSwap kernels leave most of them so) say nothing and are
 * skipped; so are the guarantee resources, whose barrier is a promise, not a ceiling
 * (vmguarpages, oomguarpages: held above it is allowed); CT0 is the node.
 */
const GUARANTEES = new Set(['vmguarpages', 'oomguarpages']);

export const heldNearBarrierRule: Rule = ({ node, snapshot, settings, openKeys }) => {
  const s = settings.heldNearBarrier;
  if (!snapshot) return { observed: false, conditions: [] };
  if (!s.enabled) return { observed: true, conditions: [] };
  const conditions: Condition[] = [];
  for (const block of snapshot.beancounters) {
    if (block.ctId === '0') continue;
    for (const bc of block.beancounters) {
      if (bc.barrier === null || bc.barrier <= 0 || GUARANTEES.has(bc.resource)) continue;
      const key = `ct:${node.id}:${block.ctId}:held:${bc.resource}`;
      const r = bc.held / bc.barrier;
      if (r < (openKeys.has(key) ? s.resolveRatio : s.ratio)) continue;
      conditions.push({
        key,
        rule: 'held-near-barrier',
        severity: s.severity,
        scope: 'ct',
        nodeId: node.id,
        ctId: block.ctId,
        resource: bc.resource,
        title: `CT ${clip(block.ctId, 64)} on ${clip(node.name, 100)}: ${clip(bc.resource, 64)} at ${percent(r)} of its barrier`,
        detail: `held ${bc.held} of barrier ${bc.barrier} (limit ${bc.limit ?? 'unlimited'})`,
        value: r,
        forMs: s.minutes * 60_000,
      });
    }
  }
  return { observed: true, conditions };
};
