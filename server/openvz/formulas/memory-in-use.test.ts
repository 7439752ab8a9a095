import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, type Beancounter } from '../beancounters';
import { computeMemoryInUse } from './memory-in-use';

const bc = (resource: string, held: number, maxheld = held): Beancounter => ({ resource, held, maxheld, barrier: null, limit: null, failcnt: 0 });

describe('memory a CT holds (RAM + swap in use)', () => {
  it('is oomguarpages plus kernel memory and socket buffers, now and at its peak (vzmemcheck memswap util)', () => {
    const r = computeMemoryInUse([bc('oomguarpages', 1000, 3000), bc('kmemsize', 4096, 8192), bc('tcprcvbuf', 100, 200), bc('physpages', 900, 2900), bc('numproc', 40)]);
    expect(r).toEqual({ heldBytes: 1000 * PAGE_SIZE + 4196, maxheldBytes: 3000 * PAGE_SIZE + 8392 });
  });

  it('falls back to physpages + swappages without oomguarpages', () => {
    expect(computeMemoryInUse([bc('physpages', 100, 150), bc('swappages', 10, 30)])).toEqual({ heldBytes: 110 * PAGE_SIZE, maxheldBytes: 180 * PAGE_SIZE });
  });

  it('a peak is never below what is held now (a counter reset between reads)', () => {
    expect(computeMemoryInUse([bc('oomguarpages', 500, 10)])).toEqual({ heldBytes: 500 * PAGE_SIZE, maxheldBytes: 500 * PAGE_SIZE });
  });

  it('knows nothing without memory counters', () => {
    expect(computeMemoryInUse([bc('numproc', 10)])).toBeNull();
  });
});
