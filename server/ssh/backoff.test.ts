import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from './backoff';
import { Limiter } from './limiter';

describe('computeBackoffMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };
  it('does not wait before the first attempt', () => {
    expect(computeBackoffMs(0, policy, () => 0.5)).toBe(0);
  });
  it('doubles the ceiling per failure, jittered between half and all of it', () => {
    expect(computeBackoffMs(1, policy, () => 0)).toBe(500);
    expect(computeBackoffMs(1, policy, () => 0.999)).toBe(999);
    expect(computeBackoffMs(4, policy, () => 0)).toBe(4000);
  });
  it('never exceeds the maximum, however many failures', () => {
    expect(computeBackoffMs(500, policy, () => 0.999999)).toBeLessThanOrEqual(60_000);
    expect(computeBackoffMs(500, policy, () => 0)).toBe(30_000);
  });
});

describe('Limiter', () => {
  it('keeps at most `size` tasks in flight and runs the rest in order', async () => {
    const limiter = new Limiter(2);
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      limiter.run(async () => {
        peak = Math.max(peak, limiter.inFlight);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
      });
    await Promise.all([1, 2, 3, 4, 5].map(task));
    expect(peak).toBe(2);
    expect(order.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(limiter.inFlight).toBe(0);
  });
  it('frees its slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
