import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from './root';

type ProcDef = { _def: { inputs?: z.ZodType[] } };
type Def = { type: string; checks?: { _zod: { def: { check: string } } }[]; [k: string]: unknown };

/** Paths (inside a procedure's input) of arrays, records and sets without an upper bound on their size. */
function unbounded(schema: unknown, path: string, out: string[], seen = new Set<unknown>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as { _zod?: { def?: Def } })._zod?.def;
  if (!def) return;
  const hasMax = (def.checks ?? []).some((c) => c._zod.def.check === 'max_size' || c._zod.def.check === 'max_length');
  if ((def.type === 'array' || def.type === 'set') && !hasMax) out.push(path || '(input)');
  if (def.type === 'record') out.push(`${path}{}`);
  const children: [string, unknown][] = [];
  if (def.type === 'object') for (const [k, v] of Object.entries((def as unknown as { shape: Record<string, unknown> }).shape)) children.push([`${path}.${k}`, v]);
  for (const key of ['element', 'innerType', 'in', 'out', 'schema', 'left', 'right', 'valueType']) if (def[key]) children.push([`${path}${key === 'element' ? '[]' : ''}`, def[key]]);
  if (Array.isArray(def.options)) for (const o of def.options) children.push([path, o]);
  for (const [p, c] of children) unbounded(c, p, out, seen);
}

describe('tRPC inputs', () => {
  it('bound the size of every array (a stranger’s or a low role’s request cannot carry a million items)', () => {
    const found: string[] = [];
    for (const [name, proc] of Object.entries(appRouter._def.procedures as unknown as Record<string, ProcDef>)) {
      for (const input of proc._def.inputs ?? []) {
        const paths: string[] = [];
        unbounded(input, '', paths);
        found.push(...paths.map((p) => `${name} ${p}`));
      }
    }
    expect(found).toEqual([]);
  });

  it('the walker finds an unbounded array (so the test above can fail)', async () => {
    const { z: zod } = await import('zod');
    const paths: string[] = [];
    unbounded(zod.object({ a: zod.array(zod.string()).optional(), b: zod.array(zod.number()).max(3) }), '', paths);
    expect(paths).toEqual(['.a']);
  });
});
