import { describe, it, expect } from 'vitest';
import { type BeancounterBlock, parseBeancounters } from '../beancounters';
import { computeNodeOversell, computeVswapMemory } from './vswap';
import { readSample } from '../test-support';

const blocksOf = (name: string) => parseBeancounters(readSample(name)).blocks;
const only = (name: string) => blocksOf(name)[0]!.beancounters;

describe('computeVswapMemory', () => {
  it('VSwap CT 43120 (gam0022): RAM limit 2 GiB from physpages 0:524288, no swappages row in user_beancounters', () => {
    expect(computeVswapMemory(only('proc_user_beancounters__inside_ct43120_vswap_failcnt__64bit_2.6.32__gam0022.txt'))).toEqual({
      isVswap: true,
      ramUsedBytes: 263585 * 4096,
      ramLimitBytes: 2 * 2 ** 30,
      swapUsedBytes: null,
      swapLimitBytes: null,
      allocatedBytes: 156446 * 4096,
      allocatedLimitBytes: null,
      memoryLimitBytes: 2 * 2 ** 30,
      kernelMemoryBytes: 51483085,
      processes: 60,
    });
  });

  it('pre-VSwap seed CT 5005 (physpages 0:2147483647): no RAM limit; "memory" is privvmpages.limit = 1 GiB', () => {
    const m = computeVswapMemory(only('proc_user_beancounters__inside_ct5005__seed_article_2010_spacing_collapsed.txt'));
    expect(m).toMatchObject({ isVswap: false, ramLimitBytes: null, memoryLimitBytes: 262144 * 4096, allocatedBytes: 49608 * 4096 });
    expect(m.ramUsedBytes).toBe(33338 * 4096);
  });

  it('a physpages barrier with an unlimited limit (scout CT 9833) is not VSwap', () => {
    const m = computeVswapMemory(only('proc_user_beancounters__inside_ct9833__64bit__scout.txt'));
    expect(m).toMatchObject({ isVswap: false, ramLimitBytes: null, memoryLimitBytes: 294912 * 4096 });
  });

  it('reads swap from /proc/bc/resources (bitstat CT 1037: RAM 1 GiB, swap 1 GiB, barrier 0)', () => {
    const ct = blocksOf('proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt').find((b) => b.ctId === '1037')!;
    expect(computeVswapMemory(ct.beancounters)).toMatchObject({
      isVswap: true, ramLimitBytes: 2 ** 30, swapUsedBytes: 0, swapLimitBytes: 2 ** 30, memoryLimitBytes: 2 ** 30, processes: 55,
    });
  });

  it('an empty beancounter list gives nulls, not zeros', () => {
    expect(computeVswapMemory([])).toMatchObject({ isVswap: false, ramUsedBytes: null, kernelMemoryBytes: null, processes: null });
  });
});

describe('computeNodeOversell (vzoversell)', () => {
  it('bitstat node: Σ physpages.limit 18612224 pages on a hand-set 16 GiB / 4 GiB node', () => {
    const o = computeNodeOversell(blocksOf('proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt'), {
      memTotalKb: 16 * 2 ** 20, swapTotalKb: 4 * 2 ** 20,
    });
    // 786432 + 8388608 + 8388608 + 262144 + 786432 pages of RAM; 5 × 262144 of swap
    expect(o).toMatchObject({ ramPages: 4194304, swapPages: 1048576, ramAllocatedPages: 18612224, swapAllocatedPages: 1310720 });
    expect(o.ramOversell).toBeCloseTo(4.4375, 12);
    expect(o.swapOversell).toBeCloseTo(1.25, 12);
    expect(o.ramSwapOversell).toBeCloseTo((18612224 + 1310720) / 5242880, 12);
    expect(o.containers.every((c) => c.ram === 'vswap' && c.swapCounted)).toBe(true);
  });

  it('skips CT0; guesses RAM = privvmpages.limit / 2 (R); leaves unlimited CTs out (U); no swap counts 0 (S)', () => {
    const blocks: BeancounterBlock[] = [
      ...blocksOf('proc_user_beancounters__node_ct0_block__64bit__scout.txt'),
      ...blocksOf('proc_user_beancounters__inside_ct5005__seed_article_2010_spacing_collapsed.txt'),
      ...blocksOf('proc_user_beancounters__inside_ct7__64bit__blipp.txt'),
    ];
    const o = computeNodeOversell(blocks, { memTotalKb: 1048576, swapTotalKb: 0 });
    expect(o.containers).toEqual([
      { ctId: '5005', ram: 'guessed', ramLimitPages: 131072, swapLimitPages: 0, swapCounted: false },
      { ctId: '7', ram: 'unlimited', ramLimitPages: null, swapLimitPages: 0, swapCounted: false },
    ]);
    expect(o.ramOversell).toBe(0.5);
    expect(o.swapOversell).toBeNull();
  });

  it('counts only running CTs when the running set is given', () => {
    const blocks = blocksOf('proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt');
    const o = computeNodeOversell(blocks, { memTotalKb: 4 * 2 ** 20, swapTotalKb: 0 }, new Set(['1037']));
    expect(o.ramAllocatedPages).toBe(262144);
    expect(o.ramOversell).toBe(0.25);
  });
});
