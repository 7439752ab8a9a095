/**
 * Reads a V8 .cpuprofile (bench/collector --cpu-prof) and prints where the time went: self time by
 * function, and inclusive time of the vzfleet functions (a frame counts once per sample).
 *
 *   npx tsx bench/collector/profile-summary.ts FILE [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const top = Number(values.top);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) => url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^file:\/\/.*?\/(server|db|sim|bench)\//, '$1/');
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const leaf = byId.get(id)!;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (!/\/(server|db)\//.test(n.callFrame.url)) continue;
    const l = label(n);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
});
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${l}`);
};
console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
print('self time', self);
print('inclusive time, vzfleet server/ and db/ functions', inclusive);

// Self time by where the code lives: a package, a vzfleet folder, node's own, or native.
const byPlace = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const url = byId.get(id)!.callFrame.url;
  const place = url === '' ? `(native) ${byId.get(id)!.callFrame.functionName}` : url.startsWith('node:') ? 'node:' : (/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? /\/(server|db|sim|bench)\/([^/]+)/.exec(url)?.slice(1, 3).join('/') ?? url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
byPlace.delete('(native) (idle)');
print('self time by place (idle left out)', byPlace);
