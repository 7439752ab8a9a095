import { describe, expect, it } from 'vitest';
import { createSharedReads } from './shared-reads';

/** A load that counts its calls and finishes when told, so the tests decide what is in flight. */
function loads() {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let calls = 0;
  const load = () => {
    calls++;
    return new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { load, pending, calls: () => calls };
}

describe('shared reads', () => {
  it('hands one read to everyone who asks while it is under way and within the window after its start', async () => {
    let t = 0;
    const shared = createSharedReads({ shareMs: 1000, now: () => t });
    const l = loads();
    const a = shared.read('fleet', l.load);
    t = 400;
    const b = shared.read('fleet', l.load);
    expect(l.calls()).toBe(1);
    l.pending[0]!.resolve(7);
    expect(await a).toBe(7);
    expect(await b).toBe(7);
    t = 1000;
    expect(await shared.read('fleet', l.load)).toBe(7);
    expect(l.calls()).toBe(1);
  });

  it('starts a new read once the window since the last start is over, even if that read ended late', async () => {
    let t = 0;
    const shared = createSharedReads({ shareMs: 1000, now: () => t });
    const l = loads();
    const first = shared.read('fleet', l.load);
    t = 900;
    l.pending[0]!.resolve(1);
    await first;
    t = 1001;
    const second = shared.read('fleet', l.load);
    expect(l.calls()).toBe(2);
    l.pending[1]!.resolve(2);
    expect(await second).toBe(2);
  });

  it('keeps reads of different keys apart', async () => {
    const shared = createSharedReads({ shareMs: 1000, now: () => 0 });
    const l = loads();
    void shared.read('a', l.load);
    void shared.read('b', l.load);
    expect(l.calls()).toBe(2);
  });

  it('does not keep a failed read: those who shared it see the error, the next caller reads again', async () => {
    const shared = createSharedReads({ shareMs: 1000, now: () => 0 });
    const l = loads();
    const a = shared.read('fleet', l.load);
    const b = shared.read('fleet', l.load);
    l.pending[0]!.reject(new Error('database went away'));
    await expect(a).rejects.toThrow('database went away');
    await expect(b).rejects.toThrow('database went away');
    const c = shared.read('fleet', l.load);
    expect(l.calls()).toBe(2);
    l.pending[1]!.resolve(3);
    expect(await c).toBe(3);
  });

  it('after invalidate the next caller reads afresh, and a read from before it is not handed out again', async () => {
    const shared = createSharedReads({ shareMs: 1000, now: () => 0 });
    const l = loads();
    const before = shared.read('fleet', l.load);
    shared.invalidate();
    const after = shared.read('fleet', l.load);
    expect(l.calls()).toBe(2);
    l.pending[1]!.resolve(2);
    l.pending[0]!.resolve(1);
    expect(await before).toBe(1);
    expect(await after).toBe(2);
    expect(await shared.read('fleet', l.load)).toBe(2);
  });
});
