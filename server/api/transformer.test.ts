import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isPlainJson, transformer } from './transformer';

const plain = [
  null,
  'text',
  0,
  1.5,
  -3,
  true,
  [],
  {},
  { nowMs: 1796514177919, nodes: [{ id: 1, name: 'hn0001', tags: ['ssd'], lastErrorText: null, memory: { commitment: 1.35 }, status: { level: 'ok', stale: false } }] },
];

class Point {
  constructor(readonly x: number) {}
}

const special: unknown[] = [
  new Date('2026-12-05T10:00:00Z'),
  { at: new Date(0), ok: true },
  { gone: undefined, kept: 1 },
  [1, undefined, 3],
  { deep: [{ deeper: [{ n: NaN }] }] },
  { inf: Infinity },
  { minusZero: -0 },
  { m: new Map([['a', 1]]) },
  new Set([1, 2]),
  { big: 10n },
  { re: /x/g },
  { p: new Point(1) },
];

const wire = (v: unknown) => JSON.parse(JSON.stringify(transformer.serialize(v)));

describe('transformer', () => {
  it('sends plain JSON exactly as superjson would', () => {
    for (const v of plain) {
      expect(isPlainJson(v)).toBe(true);
      expect(JSON.stringify(transformer.serialize(v))).toBe(JSON.stringify(superjson.serialize(v)));
    }
  });

  it('hands anything superjson annotates to superjson, however deep it sits', () => {
    for (const v of special) {
      expect(isPlainJson(v)).toBe(false);
      expect(transformer.serialize(v)).toEqual(superjson.serialize(v));
    }
  });

  it('revives what it receives: the same values come out as went in', () => {
    for (const v of [...plain, ...special.filter((s) => !(s instanceof Object && 'p' in s))]) expect(transformer.deserialize(wire(v))).toEqual(v);
    const revived = transformer.deserialize(wire({ at: new Date(5), m: new Map([['k', [new Date(6)]]]) })) as { at: Date; m: Map<string, Date[]> };
    expect(revived.at).toBeInstanceOf(Date);
    expect(revived.m.get('k')![0]!.getTime()).toBe(6);
  });

  it('leaves holes, objects without Object.prototype and cycles to superjson', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(isPlainJson([1, , 3])).toBe(false);
    expect(isPlainJson(Object.create(null))).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(isPlainJson(cycle)).toBe(false);
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = [nested];
    expect(isPlainJson(nested)).toBe(false);
    expect(transformer.serialize(nested)).toEqual(superjson.serialize(nested));
  });
});
