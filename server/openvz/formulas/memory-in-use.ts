import { type Beancounter, PAGE_SIZE } from '../beancounters';

/**
 * Memory a CT really holds in RAM + swap, now (held) and at its highest (maxheld): vzmemcheck's
 * "memswap util" numerator — oomguarpages (its RAM + swap pages) plus kernel memory and socket
 * buffers (docs/openvz/FORMULAS.md §2, §13). Placement judges a target by it: a promise can be
 * oversold, memory in use cannot. Without oomguarpages (a trimmed list) physpages + swappages
 * stand in. Null when the CT has neither: nothing is known, and 0 would be a guess.
 */
export interface MemoryInUse {
  heldBytes: number;
  maxheldBytes: number;
}

const NET = ['kmemsize', 'tcprcvbuf', 'tcpsndbuf', 'dgramrcvbuf', 'othersockbuf'] as const;

export function computeMemoryInUse(beancounters: readonly Beancounter[]): MemoryInUse | null {
  const byName = new Map(beancounters.map((b) => [b.resource, b]));
  const oom = byName.get('oomguarpages');
  const phys = byName.get('physpages');
  const swap = byName.get('swappages');
  let heldPages: number;
  let maxheldPages: number;
  if (oom) {
    heldPages = oom.held;
    maxheldPages = oom.maxheld;
  } else if (phys) {
    // maxheld of two counters need not fall at the same moment: their sum is an upper bound, as a peak should be.
    heldPages = phys.held + (swap?.held ?? 0);
    maxheldPages = phys.maxheld + (swap?.maxheld ?? 0);
  } else {
    return null;
  }
  let netHeld = 0;
  let netMaxheld = 0;
  for (const r of NET) {
    netHeld += byName.get(r)?.held ?? 0;
    netMaxheld += byName.get(r)?.maxheld ?? 0;
  }
  const heldBytes = heldPages * PAGE_SIZE + netHeld;
  return { heldBytes, maxheldBytes: Math.max(heldBytes, maxheldPages * PAGE_SIZE + netMaxheld) };
}
