import { clip, percent, type Rule } from './types';

/**
 * The node promised more than it has, past what hosting treats as normal: memory commitment
 * (vzmemcheck's alloc commit, or vzoversell's RAM+swap oversell on VSwap kernels — the stored
 * summary picks) over `ratio`, or the cpuunits guaranteed to running CTs over `ratio` × the node's
 * power (vzcpucheck). Both fire strictly above the threshold.
 */
export const memoryCommitmentRule: Rule = ({ node, snapshot, settings }) => {
  const s = settings.memoryCommitment;
  if (!snapshot) return { observed: false, conditions: [] };
  const m = snapshot.summary?.memory;
  if (!s.enabled || !m || !(m.commitment > s.ratio)) return { observed: true, conditions: [] };
  return {
    observed: true,
    conditions: [
      {
        key: `node:${node.id}:memory-commitment`,
        rule: 'memory-commitment',
        severity: s.severity,
        scope: 'node',
        nodeId: node.id,
        ctId: null,
        resource: null,
        title: `Node ${clip(node.name, 100)}: memory committed ${percent(m.commitment)} of RAM+swap`,
        detail: `threshold ${percent(s.ratio)} (${m.model})`,
        value: m.commitment,
      },
    ],
  };
};

export const cpuGuaranteeRule: Rule = ({ node, snapshot, settings }) => {
  const s = settings.cpuGuarantee;
  if (!snapshot) return { observed: false, conditions: [] };
  const { cpuUtilization: used, cpuNodePower: power } = snapshot;
  if (!s.enabled || used === null || power === null || power <= 0) return { observed: true, conditions: [] };
  const r = used / power;
  if (!(r > s.ratio)) return { observed: true, conditions: [] };
  return {
    observed: true,
    conditions: [
      {
        key: `node:${node.id}:cpu-guarantee`,
        rule: 'cpu-guarantee',
        severity: s.severity,
        scope: 'node',
        nodeId: node.id,
        ctId: null,
        resource: null,
        title: `Node ${clip(node.name, 100)}: CPU guarantees at ${percent(r)} of its power`,
        detail: `Σ cpuunits ${used} of node power ${power}; threshold ${percent(s.ratio)}`,
        value: r,
      },
    ],
  };
};
