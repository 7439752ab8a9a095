/**
 * Reads a sampling heap profile (bench/collector --heap-prof) and prints what allocated the bytes:
 * by function (self) and by the vzfleet function that asked for them (the first frame up the
 * stack in the bundle or in server/, db/), in kB per node-poll when --polls is given.
 *
 *   npx tsx bench/collector/heap-summary.ts FILE [--polls N] [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  id: number;
  children: HeapNode[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, polls: { type: 'string', default: '1' } } });
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as { head: HeapNode; samples: { size: number; nodeId: number }[] };
const polls = Number(values.polls);
const top = Number(values.top);

const short = (url: string) => url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^.*\//, '');
const label = (n: HeapNode) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const ours = (n: HeapNode) => /\.built\.mjs$|\/(server|db)\//.test(n.callFrame.url);

// The samples carry sizes; each names the node of its stack.
const sampled = new Map<number, number>();
for (const s of profile.samples) sampled.set(s.nodeId, (sampled.get(s.nodeId) ?? 0) + s.size);

const self = new Map<string, number>();
const owner = new Map<string, number>();
let total = 0;
const walk = (n: HeapNode, stack: HeapNode[]) => {
  const bytes = sampled.get(n.id) ?? 0;
  if (bytes) {
    total += bytes;
    self.set(label(n), (self.get(label(n)) ?? 0) + bytes);
    const mine = [...stack, n].reverse().find(ours);
    const o = mine ? label(mine) : `(outside vzfleet) ${label(n)}`;
    owner.set(o, (owner.get(o) ?? 0) + bytes);
  }
  for (const c of n.children) walk(c, [...stack, n]);
};
walk(profile.head, []);

const kb = (b: number) => (b / 1024 / polls).toFixed(1).padStart(8);
console.log(`total ${kb(total)} kB${polls > 1 ? ' per node-poll' : ''}`);
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [l, b] of [...m].sort((a, c) => c[1] - a[1]).slice(0, top)) console.log(`${kb(b)} kB  ${l}`);
};
print('allocated by (self)', self);
print('allocated for (first vzfleet frame up the stack)', owner);
