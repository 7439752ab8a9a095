import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCycles, listSourceFiles, readImportGraph, type ImportEdge } from './import-graph';

/**
 * The layers of ARCHITECTURE.md, checked on the real import graph of the repository: a pure
 * OpenVZ core, a db/ that knows nothing of server/, pages and components that take server code
 * as types only, no simulator in a production start, and no import cycle beyond the known ones.
 *
 * KNOWN_* lists are what issue 13 has still to remove. They may only shrink: a new violation or
 * cycle fails, and so does an entry that no longer happens (delete it).
 */

/** Area-level edges that close a cycle today (type-only imports count: they tie the layers too). */
const KNOWN_AREA_BACK_EDGES: string[] = [];

/** File-level edges that close a cycle inside one area. */
const KNOWN_FILE_BACK_EDGES = [
  // schema.ts re-exports schema-migration.ts, schema-alarm.ts and schema-limits.ts, which reference the nodes table.
  'db/schema-migration.ts -> db/schema.ts',
  'db/schema-alarm.ts -> db/schema.ts',
  'db/schema-limits.ts -> db/schema.ts',
];

/** Layer violations that later steps remove: `from -> to`. */
const KNOWN_LAYER_VIOLATIONS: string[] = [];

/**
 * Tests (`*.test.ts`), their helpers (`test-*.ts` beside the code: the one convention, no
 * `testing/` folders), e2e and benches: not part of any layer.
 */
const isTestCode = (f: string) => /\.test\.tsx?$/.test(f) || /(^|\/)test-[^/]*\.tsx?$/.test(f) || /^(e2e|bench)\//.test(f);

/** server/<area>/… → "server/<area>"; files directly in server/ → "server"; others → their top folder. */
function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return file;
  if (parts[0] === 'server') return parts.length > 2 ? `server/${parts[1]}` : 'server';
  return parts[0]!;
}

const root = path.dirname(fileURLToPath(import.meta.url));
let edges: ImportEdge[];
let production: ImportEdge[];

beforeAll(() => {
  edges = readImportGraph(root);
  production = edges.filter((e) => e.internal && e.kind !== 'dynamic' && !isTestCode(e.from));
});

const show = (e: ImportEdge) => `${e.from} -> ${e.to}`;

/** Back edges to drop so the graph is acyclic, as "a -> b": the cycles left, and allowlist entries that no longer exist. */
function checkCycles(pairs: Array<{ from: string; to: string }>, known: readonly string[]) {
  const present = new Set(pairs.map((p) => `${p.from} -> ${p.to}`));
  const rest = pairs.filter((p) => !known.includes(`${p.from} -> ${p.to}`));
  const nodes = new Set(rest.flatMap((p) => [p.from, p.to]));
  return { cycles: findCycles(nodes, rest), stale: known.filter((k) => !present.has(k)) };
}

describe('the import graph', () => {
  it('is read from every source file, type-only and dynamic imports told apart', () => {
    const files = listSourceFiles(root);
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain('server/openvz/beancounters.ts');
    expect(edges.some((e) => e.kind === 'type')).toBe(true);
    expect(edges).toContainEqual({ from: 'server/demo.ts', to: 'sim/ssh/server.ts', internal: true, kind: 'dynamic' });
  });

  it('keeps server/openvz pure: no ssh2, database, file system, processes, Next or env', () => {
    const banned = /^(ssh2|pg|@electric-sql\/|drizzle-orm|next($|\/)|node:fs|fs($|\/)|node:child_process|child_process)/;
    const bannedFiles = /^(db\/|env\.ts$|server\/(ssh|collector)\/)/;
    const bad = edges.filter((e) => e.from.startsWith('server/openvz/') && !isTestCode(e.from))
      .filter((e) => (e.internal ? bannedFiles.test(e.to) : banned.test(e.to)));
    expect(bad.map(show)).toEqual([]);
  });

  it('keeps vocabulary/ a leaf: it imports nothing of the project outside itself', () => {
    const bad = edges.filter((e) => e.from.startsWith('vocabulary/') && !isTestCode(e.from) && e.internal && !e.to.startsWith('vocabulary/'));
    expect(bad.map(show)).toEqual([]);
  });

  it('keeps db/ free of server/ (except the known violations)', () => {
    const found = production.filter((e) => e.from.startsWith('db/') && e.to.startsWith('server/')).map(show);
    expect(found.filter((v) => !KNOWN_LAYER_VIOLATIONS.includes(v)), 'new imports of server/ from db/').toEqual([]);
    expect(KNOWN_LAYER_VIOLATIONS.filter((v) => !found.includes(v)), 'gone: delete them from KNOWN_LAYER_VIOLATIONS').toEqual([]);
  });

  it('lets components and pages import server and db code as types only (the page guard, app/page-guard.ts, is theirs)', () => {
    const bad = production
      .filter((e) => e.from.startsWith('components/') || (e.from.startsWith('app/') && e.from.endsWith('.tsx')))
      .filter((e) => /^(server|db)\//.test(e.to) && e.kind === 'value');
    expect(bad.map(show)).toEqual([]);
  });

  it('never loads the simulator in a production start: sim/ is reached only through a dynamic import', () => {
    const entries = production.map((e) => e.from).filter((f) => /^(app|cli)\//.test(f) || ['instrumentation.ts', 'proxy.ts', 'server/runtime.ts'].includes(f));
    const next = new Map<string, string[]>();
    for (const e of production) if (e.kind === 'value') next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const seen = new Set<string>(entries);
    const queue = [...entries];
    while (queue.length > 0) {
      for (const to of next.get(queue.pop()!) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        queue.push(to);
      }
    }
    expect([...seen].filter((f) => f.startsWith('sim/'))).toEqual([]);
    expect(seen.has('server/runtime.ts')).toBe(true);
    // Nor does any other module outside sim/ import it statically, reachable from a start or not yet.
    expect(production.filter((e) => !e.from.startsWith('sim/') && e.to.startsWith('sim/') && e.kind === 'value').map(show)).toEqual([]);
  });

  it('has no import cycle between areas beyond the known ones', () => {
    const pairs = production.map((e) => ({ from: areaOf(e.from), to: areaOf(e.to) })).filter((p) => p.from !== p.to);
    const { cycles, stale } = checkCycles(pairs, KNOWN_AREA_BACK_EDGES);
    expect(cycles, 'new cycle between areas').toEqual([]);
    expect(stale, 'gone: delete them from KNOWN_AREA_BACK_EDGES').toEqual([]);
  });

  it('has no import cycle between files beyond the known ones', () => {
    const { cycles, stale } = checkCycles(production, KNOWN_FILE_BACK_EDGES);
    expect(cycles, 'new cycle between files').toEqual([]);
    expect(stale, 'gone: delete them from KNOWN_FILE_BACK_EDGES').toEqual([]);
  });

  it('names test helpers one way: test-*.ts beside the code, no testing/ or __tests__/ folders', () => {
    expect(listSourceFiles(root).filter((f) => /(^|\/)(testing|__tests__)\//.test(f))).toEqual([]);
  });

  it('reads process.env only in env.ts (tests, benches, e2e and the Next runtime switch excepted)', () => {
    const readers = listSourceFiles(root)
      .filter((f) => !isTestCode(f) && !['env.ts', 'instrumentation.ts', 'playwright.config.ts', 'db/test-databases.ts'].includes(f))
      .filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('process.env'));
    expect(readers).toEqual([]);
  });
});
