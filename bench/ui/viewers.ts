/**
 * What open screens cost the server: V viewers of a 1000-node fleet, each refetching the overview's
 * data (tRPC fleet.overview, as the browser asks for it, gzip/br accepted) every
 * `--every` ms at its own random phase, as pages do on live events (MIN_REFRESH_MS) and wall
 * screens on their timer. Reports the `next start` process's CPU (user + system, from /proc) as a
 * share of one core, requests answered per second and their latency. The collector is off, so the
 * CPU is the viewers' alone. Run by hand after `next build`:
 *
 *   npx tsx bench/ui/viewers.ts [--viewers 1,5,10,20] [--seconds 30] [--every 3000] [--dir <checkout>]
 *
 * `--dir` starts another checkout's build (an A/B against an older commit); `--cpu-prof <dir>` has
 * the server write a V8 CPU profile there when it stops. `--streams` gives each viewer its own
 * session and the live stream a page holds open (fleet.onChange); with `--every 0` the viewers only
 * hold their streams, which is the cost of an open screen between refetches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createScratchPostgres } from '../../db/test-databases';
import { rawRequest } from '../../server/http/test-raw-request';
import { pct } from '../percentile';
import { CLK_TCK, statCpuTicks } from '../proc-cpu';
import { p50, signInAdmin, startServer, waitForDashboard } from './browser';
import { seedFleet } from './seed-fleet';

const { values: args } = parseArgs({
  options: {
    viewers: { type: 'string', default: '1,5,10,20' },
    seconds: { type: 'string', default: '30' },
    every: { type: 'string', default: '3000' },
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    dir: { type: 'string' },
    'cpu-prof': { type: 'string' },
    streams: { type: 'boolean', default: false },
  },
});

async function main() {
  const db = await createScratchPostgres('vzfleet_bench_viewers');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-bench-viewers-'));
  const port = 3310; // not 3306: MariaDB listens there on machines of this kind
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`] : [];
  // One sign-in per viewer when each holds its own session (the login limit is per minute and address).
  if (args.streams) process.env.VZFLEET_LOGIN_PER_MINUTE = '1000';
  const next = startServer(db.url, port, { dir: args.dir, dataDir, nodeArgs });
  try {
    console.log(`Seeding ${args.nodes} nodes × ${args.cts} CTs …`);
    await seedFleet(db.db, Number(args.nodes), Number(args.cts), Date.now(), () => {});
    await db.db.execute('analyze');
    await waitForDashboard(base);
    const cookie = (await signInAdmin(base)).map((c) => `${c.name}=${c.value}`).join('; ');
    // As the browser asks (trpc/client.tsx: alone, not batched; superjson's form of "no input").
    const noInput = encodeURIComponent(JSON.stringify({ json: null, meta: { values: ['undefined'], v: 1 } }));
    const url = `${base}/api/trpc/fleet.overview?input=${noInput}`;
    const headers = { cookie, 'accept-encoding': 'gzip, br' };
    const streamUrl = `${base}/api/trpc/fleet.onChange?input=${noInput}`;
    const streamCookies: string[] = [];
    const first = await fetch(url, { headers });
    if (first.status !== 200) throw new Error(`fleet.overview: ${first.status} ${await first.text()}`);
    const bytes = (await first.arrayBuffer()).byteLength;
    const wire = await rawRequest(base, url.slice(base.length), headers);
    // Warm the server's code (JIT) first: the first step would otherwise pay for it.
    for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
    const pid = next.pid!; // `next start` serves in its own process (titled next-server)
    const every = Number(args.every);
    const seconds = Number(args.seconds);
    console.log(`${args.dir ?? 'this checkout'}: fleet.overview ${(bytes / 1024).toFixed(1)} KiB decoded, ${(wire.body.length / 1024).toFixed(1)} KiB sent in ${wire.headers['content-encoding'] ?? 'no coding'}; each viewer every ${every} ms, ${seconds} s per step`);
    for (const viewers of args.viewers.split(',').map(Number)) {
      // Signing in (a password hash each) is not what an open screen costs: done before the clock starts.
      while (args.streams && streamCookies.length < viewers) streamCookies.push((await signInAdmin(base)).map((c) => `${c.name}=${c.value}`).join('; '));
      const latencies: number[] = [];
      const end = Date.now() + seconds * 1000;
      const cpu0 = statCpuTicks(`/proc/${pid}/stat`) / CLK_TCK;
      const t0 = performance.now();
      const streamsEnd = new AbortController();
      const streams = args.streams ? streamCookies.slice(0, viewers).map((c) => holdStream(streamUrl, c, streamsEnd.signal)) : [];
      const viewer = async () => {
        await new Promise((r) => setTimeout(r, Math.random() * every));
        while (Date.now() < end) {
          const s = performance.now();
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`fleet.overview: ${res.status}`);
          latencies.push(performance.now() - s);
          await new Promise((r) => setTimeout(r, Math.max(0, every - (performance.now() - s))));
        }
      };
      await Promise.all(Array.from({ length: every > 0 ? viewers : 0 }, viewer));
      await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
      streamsEnd.abort();
      const streamEvents = (await Promise.all(streams)).reduce((a, b) => a + b, 0);
      const wall = (performance.now() - t0) / 1000;
      const cpu = statCpuTicks(`/proc/${pid}/stat`) / CLK_TCK - cpu0;
      console.log(
        `  ${String(viewers).padStart(3)} viewers: server CPU ${((cpu / wall) * 100).toFixed(1).padStart(5)} % of a core, ` +
          (latencies.length > 0
            ? `${(latencies.length / wall).toFixed(2)} requests/s, ${((cpu * 1000) / latencies.length).toFixed(1)} ms CPU per request, ` +
              `latency p50 ${p50(latencies).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms`
            : 'no refetches') +
          (args.streams ? `; ${viewers} live streams, ${streamEvents} events` : ''),
      );
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    next.kill('SIGTERM');
    await new Promise((r) => next.once('exit', r));
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

/** Holds one live stream open (as a page's subscription link does) until `signal`; counts its events. */
async function holdStream(url: string, cookie: string, signal: AbortSignal): Promise<number> {
  let events = 0;
  try {
    const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal });
    if (res.status !== 200 || !res.body) throw new Error(`fleet.onChange: ${res.status}`);
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) events += (decoder.decode(r.value, { stream: true }).match(/^data:/gm) ?? []).length;
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  return events;
}
