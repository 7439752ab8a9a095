import { describe, expect, it } from 'vitest';
import { capContainers, MAX_CTS_PER_NODE } from './ct-cap';
import type { ContainerRecord, NodeSnapshot } from './interpret';

const ct = (id: number): ContainerRecord => ({
  ctId: String(id),
  status: 'running',
  hostname: null,
  osTemplate: null,
  ips: [],
  cpuunits: null,
  cpulimit: null,
  quota: { blocksUsage: null, blocksSoft: null, blocksHard: null, inodesUsage: null, inodesSoft: null, inodesHard: null },
});
const snapshotOf = (n: number): NodeSnapshot => ({
  beancounters: [{ ctId: '0', beancounters: [] }, ...Array.from({ length: n }, (_, i) => ({ ctId: String(1000 + i), beancounters: [] }))],
  containers: Array.from({ length: n }, (_, i) => ct(1000 + i)),
  cpu: null,
  memory: null,
  problems: [],
});

describe('capContainers', () => {
  it('leaves a node within the cap as it is', () => {
    const s = snapshotOf(10);
    expect(capContainers(s, 10)).toBe(s);
  });

  it('keeps the first CTs, their beancounters and the host block, and marks the cut once', () => {
    const capped = capContainers(snapshotOf(10_000));
    expect(capped.containers).toHaveLength(MAX_CTS_PER_NODE);
    expect(capped.beancounters.map((b) => b.ctId)).toEqual(['0', ...capped.containers.map((c) => c.ctId)]);
    expect(capped.problems).toEqual([`CT list truncated at ${MAX_CTS_PER_NODE}: the node reported 10000 containers`]);
    // A fast poll carries the last full poll's problems: still one mark.
    expect(capContainers({ ...snapshotOf(5000), problems: capped.problems }).problems).toEqual([
      `CT list truncated at ${MAX_CTS_PER_NODE}: the node reported 5000 containers`,
    ]);
  });

  it('caps beancounter blocks even when vzlist listed none', () => {
    const capped = capContainers({ ...snapshotOf(20), containers: [] }, 5);
    expect(capped.beancounters.map((b) => b.ctId)).toEqual(['0', '1000', '1001', '1002', '1003', '1004']);
    expect(capped.problems).toEqual(['CT list truncated at 5: the node reported 20 containers']);
  });
});
