/**
 * Benchmark: the real collector against the simulated fleet, into real Postgres (run by hand).
 *
 *   npx tsx bench/collector/collector-load.ts [--nodes 1000] [--cts 60] [--intervals 4] [--interval-s 15]
 *       [--base-port 24000] [--baseline-nodes 20] [--faults] [--compression on|off]
 *       [--cpu-prof FILE | --heap-prof FILE] [--processes N] [--kill-at K] [--stop]
 *       [--full-every 4] [--old-wrappers]
 *
 * The collector reads the slow-changing figures on every 4th poll (fullEvery 4): measure a multiple
 * of 4 intervals, or the run holds no full poll, or only full ones (--full-every 1 measures full
 * polls alone, as a node with config changes every poll would cost). tsx compiles with esbuild's
 * keepNames, which wraps every named closure in a defineProperty call the server's own build does
 * not make (about 0.3-0.5 ms per node-poll here); to measure the code as `next start` runs it,
 * bundle it first (the output sits beside this file, so its sibling paths still resolve):
 *
 *   npx esbuild bench/collector/collector-load.ts --bundle --platform=node --format=esm \
 *       --packages=external --outfile=bench/collector/collector-load.built.mjs
 *   node bench/collector/collector-load.built.mjs --nodes 1000 --cts 60 --intervals 4
 *
 * Starts `sim/control/cli.ts` in a child process, creates a scratch Postgres database at 127.0.0.1:5432,
 * imports the simulated nodes and runs the collector (startCollector, the history recorder,
 * fast/full polls): in this process, or with --processes N in N processes (collector-worker.ts)
 * sharing the fleet by leases, the first of them killed at measured interval K (default 2): SIGKILL,
 * so its leases must run out; with --stop SIGTERM, so it hands its nodes over as a stopping instance does.
 * The warm-up (handshakes, first full polls, each node's first history row) is not measured: one
 * interval, and longer until every node has answered once (at 1000 nodes the handshakes alone outlast
 * one interval), then on until every node has written its first history row (the next minute's
 * first interval); CPU counts from its end.
 * --cpu-prof writes a V8 profile of the measured intervals (one process only); --heap-prof their
 * allocations, garbage included (a .heapprofile for Chromium's DevTools, or heap-summary.ts).
 *
 * Output, one run (lines in this order; the format is kept stable so runs can be compared):
 *   warm-up: <s> s, <n>/<nodes> nodes answered once, every node's first history row written   (one process)
 *   warm-up: <s> s, <n>/<nodes> nodes answered once, last interval's split a / b / c            (--processes N)
 *   fleet: <nodes> nodes × <cts> CTs, interval <s> s, <k> measured intervals[, <n> collector processes, …]
 *   interval <i>: <polled>/<nodes> nodes polled, <ok> ok, poll p50 <ms> ms p99 <ms> ms, CPU <ms> ms per node-poll[, per process a / b / c]
 *                 (a poll counts in the interval it started in; CPU: one process only, that interval's CPU ÷ its successful polls)
 *   [healthy nodes polled ok: …  and  fault <name> → <state>     with --faults]
 *   longest wait between two successful polls of a node: p99 <s> s, max <s> s   (one process only)
 *   poll start after its slot: p50 <ms> ms, p99 <ms> ms, max <ms> ms           (one process only)
 *   [killed process: <n> nodes, <m> polled by another process, after p50 <s> s max <s> s (<x> intervals)]
 *   [stopped process: …, the same line for --stop, plus: longest wait between two polls of its nodes <s> s]
 *   [failed polls: <n>, first: <error>]
 *   collector process: CPU <pct> % of one core, peak RSS <MiB> MiB      (collector processes: peak RSS a / b / c MiB)
 *   database growth: … and rows inserted into <table>: …                 (one process only)
 *   collector: <ms> ms CPU per node-poll (…)                             ← the figure to drive (process.cpuUsage,
 *                                                                          measured intervals ÷ successful polls)
 *   collector CPU split: user <ms> ms, system <ms> ms per node-poll       (the same CPU, by kind)
 *   collector CPU by thread: main <ms>, other threads <ms> ms per node-poll   (the same CPU, by thread; Linux)
 *   baseline: <ms> ms CPU per node-poll in 4 ssh processes (…) → ratio <x>×   (one process only)
 *
 * The baseline does the same reads as shell pollers do — a new OpenSSH `ssh` process and connection
 * per command — on --baseline-nodes nodes; the ratio is baseline CPU ÷ collector CPU per node-poll.
 * On a shared machine wall-clock figures (coverage, p99) suffer first: the simulator starves.
 * --faults gives the first nodes one simulator fault each (refused, hung, slow, dropped mid-output,
 * garbled, wrong key, rotated host key, MaxSessions, …) and reports, per interval, whether every
 * healthy node was still polled, and each faulty node's state.
 * --compression on sets every node's zlib setting (off by default, as for a new node).
 * --old-wrappers gives every node a forced-command wrapper from before the collect loop (the
 * simulator's no-collect-loop fault): each poll is then one exec on the kept connection, the
 * fallback's cost (not with --faults).
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDb } from '../../db/client';
import { migrateDb } from '../../db/migrate';
import { nodes } from '../../db/schema';
import { inProcessCollectorState } from '../../server/services';
import { DEFAULT_DISPATCH_MS, startCollector } from '../../server/collector/scheduler';
import type { CollectResult } from '../../server/collector/collect-node';
import { DEFAULT_HISTORY_TIERS } from '../../server/history/tiers';
import { parseSecret } from '../../server/ssh/key-vault';
import { SshPool } from '../../server/ssh/pool';
import { SIM_FAULTS } from '../../sim/tools/types';
import { pct } from '../percentile';
import type { WorkerMessage } from './collector-worker';
import { startSimulator } from './start-simulator';
import { CLK_TCK, statCpuTicks } from '../proc-cpu';

/**
 * Until half-way between two of the scheduler's looks (its grid of DEFAULT_DISPATCH_MS), where the
 * measured windows start: the ~7 polls a look starts begin ~1 ms after it, so a window edge a
 * millisecond after a look split them between two windows at random (992 and 1008 polls in
 * alternate intervals, while no node waited more than 15.5 s between two polls).
 */
const untilBetweenLooks = () => new Promise((r) => setTimeout(r, Math.ceil(Date.now() / DEFAULT_DISPATCH_MS) * DEFAULT_DISPATCH_MS + DEFAULT_DISPATCH_MS / 2 - Date.now()));

/** Faults that act on polls (migrate-fail-copy acts on vzmigrate only). */
const POLL_FAULTS = SIM_FAULTS.filter((f) => f !== 'migrate-fail-copy');

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    intervals: { type: 'string', default: '4' },
    'interval-s': { type: 'string', default: '15' },
    'base-port': { type: 'string', default: '24000' },
    'baseline-nodes': { type: 'string', default: '20' },
    faults: { type: 'boolean', default: false },
    'old-wrappers': { type: 'boolean', default: false },
    compression: { type: 'string', default: 'off' },
    'cpu-prof': { type: 'string' },
    'heap-prof': { type: 'string' },
    processes: { type: 'string', default: '1' },
    'kill-at': { type: 'string' },
    stop: { type: 'boolean', default: false },
    'full-every': { type: 'string', default: '4' },
  },
});
const NODES = Number(values.nodes);
const INTERVAL_MS = Number(values['interval-s']) * 1000;
const INTERVALS = Number(values.intervals);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const run = promisify(execFile);

interface Inventory {
  name: string;
  host: string;
  port: number;
  hostKeyFingerprint: string;
  keyFile: string;
}


function simFaultArgs(): string[] {
  if (values.faults && values['old-wrappers']) throw new Error('--old-wrappers and --faults: one or the other');
  if (values.faults) return POLL_FAULTS.flatMap((f, i) => ['--fault', `${i}=${f}`]);
  if (values['old-wrappers']) return Array.from({ length: NODES }, (_, i) => ['--fault', `${i}=no-collect-loop`]).flat();
  return [];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-bench-collector-'));
  const sim = await startSimulator({ nodes: NODES, cts: values.cts!, basePort: values['base-port']!, dataDir, extraArgs: simFaultArgs() });
  const dbName = `vzfleet_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const handle = openDb({ kind: 'postgres', url: ADMIN_URL.replace(/\/postgres$/, `/${dbName}`) });
  const pool = new SshPool({ connectTimeoutMs: 30_000, maxHandshakes: 24 });
  try {
    await migrateDb(handle);
    const inventory = JSON.parse(readFileSync(join(dataDir, 'inventory.json'), 'utf8')) as Inventory[];
    for (let i = 0; i < inventory.length; i += 500) {
      await handle.db.insert(nodes).values(
        inventory.slice(i, i + 500).map((n) => ({ name: n.name, host: n.host, port: n.port, authMethod: 'key-file' as const, keyFile: n.keyFile, hostKeyFingerprint: n.hostKeyFingerprint })),
      );
    }
    // Off is the inventory's default (zlib cost 3 ms CPU per poll on loopback); on, for a WAN link's figures.
    await handle.db.update(nodes).set({ sshCompression: values.compression === 'on' });
    const nodeIdOf = new Map((await handle.db.select({ id: nodes.id, name: nodes.name }).from(nodes)).map((n) => [n.name, n.id]));
    // The collector's state as the server keeps it (server/services.ts).
    const state = inProcessCollectorState(handle.db, DEFAULT_HISTORY_TIERS);
    const history = state.history!;
    await history.maintain(new Date(), []);
    // What the report needs of each poll; the snapshot itself is dropped (kept, 1000 nodes' polls were a GiB of heap here).
    const results: { at: number; nodeId: number; r: PollSummary; startedAt: number; lateMs: number }[] = [];
    const services = { db: handle.db, ssh: pool, clock: () => new Date(), secret: parseSecret('05'.repeat(32)), keyDir: dirname(inventory[0]!.keyFile), commandTimeoutMs: 20_000, fullEvery: Number(values['full-every']), ...state };
    const sizeSql = `select coalesce(sum(pg_total_relation_size(c.oid)),0)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r','p')`;
    const bytesBefore = Number((await query<{ bytes: string }>(handle.db, sizeSql))[0]!.bytes);

    if (Number(values.processes) > 1) {
      await runProcesses(ADMIN_URL.replace(/\/postgres$/, `/${dbName}`), dirname(inventory[0]!.keyFile));
      return;
    }
    const t0 = Date.now();
    let cpu0 = process.cpuUsage();
    let peakRss = process.memoryUsage().rss;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1000);
    // Flushes one after another: a flush still writing when the run ends must finish before the pool closes.
    let flushing: Promise<unknown> = Promise.resolve();
    const flushTimer = setInterval(() => {
      flushing = flushing.then(() => history.flush(new Date()));
    }, INTERVAL_MS);
    const collector = startCollector(services, { intervalMs: INTERVAL_MS, concurrency: 256, onResult: (nodeId, r, slot) => results.push({ at: Date.now(), nodeId, r: summaryOf(r), startedAt: slot.startedAt, lateMs: slot.startedAt - slot.dueAt }) });
    // The warm-up (connections, first full polls), then the measured ones: CPU is counted from the
    // end of the warm-up, so handshakes and the first container rows are not in it. One interval,
    // and on until every node answered once (at most three intervals: a node that never answers
    // is the run's finding, not a reason to wait forever).
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
    const answered = () => new Set(results.filter((x) => x.r.ok).map((x) => x.nodeId)).size;
    const warmEnd = Date.now() + 2 * INTERVAL_MS;
    while (answered() < NODES && Date.now() < warmEnd) await new Promise((r) => setTimeout(r, 250));
    // A node's first history row costs more than the later ones (~5 ms a node: its series layout
    // is sorted, hashed and stored once per process); at 200 nodes it lifted the two intervals it
    // fell in from ~3.5 to ~5.9 ms per node-poll. So the measured intervals start once every node
    // has written one: each node's first bucket closes at its first poll of the next minute.
    const minute = DEFAULT_HISTORY_TIERS[0]!.resolutionMs;
    await new Promise((r) => setTimeout(r, Math.ceil(Date.now() / minute) * minute + INTERVAL_MS + 2000 - Date.now()));
    await (flushing = flushing.then(() => history.flush(new Date())));
    console.log(`warm-up: ${((Date.now() - t0) / 1000).toFixed(0)} s, ${answered()}/${NODES} nodes answered once, every node's first history row written`);
    await untilBetweenLooks();
    const profiler = values['cpu-prof'] ? await startProfile('cpu') : values['heap-prof'] ? await startProfile('heap') : null;
    cpu0 = process.cpuUsage();
    const threads0 = threadCpuMs();
    const m0 = Date.now();
    // CPU of each interval apart: a full poll (every fullEvery-th) costs more than a fast one, so an
    // interval that holds the nodes' full polls shows above the others.
    const intervalCpuMs: number[] = [];
    for (let i = 0, last = cpu0; i < INTERVALS; i++) {
      await new Promise((r) => setTimeout(r, m0 + (i + 1) * INTERVAL_MS - Date.now()));
      const now = process.cpuUsage();
      intervalCpuMs.push((now.user - last.user + now.system - last.system) / 1e3);
      last = now;
    }
    const cpu = process.cpuUsage(cpu0);
    const threads1 = threadCpuMs();
    if (profiler) writeFileSync((values['cpu-prof'] ?? values['heap-prof'])!, JSON.stringify(await profiler.stop()));
    const measuredSeconds = (Date.now() - m0) / 1000;
    collector.stop();
    clearInterval(rssTimer);
    clearInterval(flushTimer);
    await flushing;
    await new Promise((r) => setTimeout(r, 3000)); // polls in flight when the collector stopped
    await history.flush(new Date(Date.now() + 60_000));
    const seconds = (Date.now() - t0) / 1000;
    const bytesAfter = Number((await query<{ bytes: string }>(handle.db, sizeSql))[0]!.bytes);

    console.log(`fleet: ${NODES} nodes × ${values.cts} CTs, interval ${INTERVAL_MS / 1000} s, ${INTERVALS} measured intervals`);
    // A poll counts in the interval it started in: the scheduler starts one per node per interval,
    // and how long each took (p50/p99) would otherwise push it into the next window at random.
    const startOf = (x: (typeof results)[number]) => x.startedAt;
    for (let i = 1; i <= INTERVALS; i++) {
      const from = m0 + (i - 1) * INTERVAL_MS;
      const inside = results.filter((x) => startOf(x) >= from && startOf(x) < from + INTERVAL_MS);
      const polled = new Set(inside.map((x) => x.nodeId));
      const ok = inside.filter((x) => x.r.ok).length;
      const d = inside.map((x) => x.r.durationMs);
      console.log(`interval ${i}: ${polled.size}/${NODES} nodes polled, ${ok} ok, poll p50 ${pct(d, 50)} ms p99 ${pct(d, 99)} ms, CPU ${(intervalCpuMs[i - 1]! / Math.max(1, ok)).toFixed(2)} ms per node-poll`);
      if (values.faults) {
        const healthy = inventory.slice(POLL_FAULTS.length).map((_, k) => nodeIdOf.get(inventory[k + POLL_FAULTS.length]!.name)!);
        const okHealthy = healthy.filter((id) => inside.some((x) => x.nodeId === id && x.r.ok)).length;
        console.log(`  healthy nodes polled ok: ${okHealthy}/${healthy.length}`);
      }
    }
    if (values.faults) {
      for (const [k, fault] of POLL_FAULTS.entries()) {
        const id = nodeIdOf.get(inventory[k]!.name)!;
        const last = results.filter((x) => x.nodeId === id).at(-1)?.r;
        console.log(`  fault ${fault.padEnd(15)} → ${last ? (last.ok ? last.health : `${last.health}: ${last.error.slice(0, 90)}`) : 'never polled'}`);
      }
    }
    // What a person sees: how old a node's figures get, i.e. the wait between two successful polls.
    const gaps: number[] = [];
    const lastOk = new Map<number, number>();
    for (const x of results) {
      if (!x.r.ok) continue;
      const before = lastOk.get(x.nodeId);
      if (before !== undefined && x.at >= m0 && x.at < m0 + INTERVALS * INTERVAL_MS) gaps.push(x.at - before);
      lastOk.set(x.nodeId, x.at);
    }
    console.log(`longest wait between two successful polls of a node: p99 ${(pct(gaps, 99) / 1000).toFixed(1)} s, max ${(Math.max(...gaps) / 1000).toFixed(1)} s`);
    // Why a node can miss a window: its poll started after its slot, across the window's edge.
    const late = results.filter((x) => x.startedAt >= m0 && x.startedAt < m0 + INTERVALS * INTERVAL_MS).map((x) => x.lateMs);
    console.log(`poll start after its slot: p50 ${pct(late, 50)} ms, p99 ${pct(late, 99)} ms, max ${Math.max(...late)} ms`);
    const failed = results.filter((x) => !x.r.ok);
    if (failed.length) console.log(`failed polls: ${failed.length}, first: ${failed[0]!.r.ok ? '' : failed[0]!.r.error.slice(0, 200)}`);
    console.log(`collector process: CPU ${(((cpu.user + cpu.system) / 1e6 / measuredSeconds) * 100).toFixed(1)} % of one core, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    const perHour = 3600 / seconds;
    console.log(`database growth: ${((bytesAfter - bytesBefore) / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(0)} s (≈ ${(((bytesAfter - bytesBefore) * perHour) / 2 ** 30).toFixed(2)} GiB/h)`);
    const stats = await query<{ relname: string; ins: string }>(handle.db, `select relname, n_tup_ins::bigint as ins from pg_stat_user_tables where n_tup_ins > 0 order by n_tup_ins desc limit 8`);
    for (const row of stats) console.log(`  rows inserted into ${row.relname}: ${row.ins} (≈ ${Math.round(Number(row.ins) * perHour)}/h)`);

    // Baseline: one OpenSSH process and connection per command, as shell pollers do.
    const subset = inventory.slice(0, Number(values['baseline-nodes']));
    const commands = ['cat /proc/user_beancounters', 'vzlist -a -H -o ctid,status', 'vzcpucheck -v', 'cat /proc/meminfo'];
    const b0 = Date.now();
    const childCpu0 = childrenCpuSeconds();
    await Promise.all(
      subset.map(async (n) => {
        for (const c of commands) {
          await run('ssh', ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', '-p', String(n.port), '-i', n.keyFile, `root@${n.host}`, c], { maxBuffer: 64 * 2 ** 20 });
        }
      }),
    );
    const bSeconds = (Date.now() - b0) / 1000;
    const sshCpuMs = (childrenCpuSeconds() - childCpu0) * 1000;
    const okPolls = results.filter((x) => x.r.ok && x.at >= m0 && x.at < m0 + measuredSeconds * 1000).length;
    const collectorMsPerPoll = (cpu.user + cpu.system) / 1e3 / Math.max(1, okPolls);
    const baselineMsPerPoll = sshCpuMs / subset.length;
    console.log(`collector: ${collectorMsPerPoll.toFixed(2)} ms CPU per node-poll (${values['old-wrappers'] ? 'one exec per poll on the kept connection' : "one request on the kept connection's collect loop"}, incl. parsing and storing)`);
    console.log(`collector CPU split: user ${(cpu.user / 1e3 / Math.max(1, okPolls)).toFixed(2)} ms, system ${(cpu.system / 1e3 / Math.max(1, okPolls)).toFixed(2)} ms per node-poll`);
    const perPoll = (ms: number) => (ms / Math.max(1, okPolls)).toFixed(2);
    console.log(`collector CPU by thread: main ${perPoll(threads1.main - threads0.main)}, other threads ${perPoll(threads1.others - threads0.others)} ms per node-poll`);
    console.log(`baseline: ${baselineMsPerPoll.toFixed(1)} ms CPU per node-poll in ${commands.length} ssh processes (client side only), ${bSeconds.toFixed(1)} s wall for ${subset.length} nodes → ratio ${(baselineMsPerPoll / collectorMsPerPoll).toFixed(1)}×`);
  } finally {
    pool.closeAll();
    await handle.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    sim.stop();
  }
}

/**
 * CPU of the main thread and of the others, from /proc/self/task (Linux). The others are V8's
 * helpers (concurrent marking, parallel scavenging and sweeping, background compiles) and libuv's
 * pool, which the collector hardly uses: mostly what the GC costs beside the main thread, and a
 * --cpu-prof profile does not see it. In clock ticks (10 ms): meaningful over a run.
 */
function threadCpuMs(): { main: number; others: number } {
  const out = { main: 0, others: 0 };
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const ms = (statCpuTicks(`/proc/self/task/${tid}/stat`) * 1000) / CLK_TCK;
      // Node names every thread "node": the main thread is the one whose id is the pid.
      if (Number(tid) === process.pid) out.main += ms;
      else out.others += ms;
    } catch {
      // the thread ended
    }
  }
  return out;
}

async function query<T>(db: ReturnType<typeof openDb>['db'], text: string): Promise<T[]> {
  return ((await db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows;
}

/**
 * Several collector processes on one Postgres (collector-worker.ts), sharing the fleet by leases.
 * One warm-up interval, then INTERVALS measured ones; the first process is killed (SIGKILL, no
 * hand-over; SIGTERM with --stop, handing its nodes over) at the start of measured interval
 * --kill-at (default 2), and the report says how long its nodes went unpolled before another
 * process polled them.
 */
async function runProcesses(dbUrl: string, keyDir: string): Promise<void> {
  const n = Number(values.processes);
  const killAt = Number(values['kill-at'] ?? 2);
  const polls: (WorkerMessage & { kind: 'poll' } & { worker: number })[] = [];
  const usage = new Map<number, { cpuUs: number; rss: number; peakRss: number }>();
  const workers: ChildProcess[] = [];
  for (let w = 0; w < n; w++) {
    const child = fork(resolve(import.meta.dirname, 'collector-worker.ts'), [dbUrl, keyDir, `bench-${w}`, String(INTERVAL_MS)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: WorkerMessage) => {
      if (m.kind === 'poll') polls.push({ ...m, worker: w });
      else usage.set(w, { cpuUs: m.cpuUs, rss: m.rss, peakRss: Math.max(m.rss, usage.get(w)?.peakRss ?? 0) });
    });
    workers.push(child);
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // The warm-up: one interval, then on (at most four more) until every node has answered once and
  // the last interval's polls were split evenly (each process within 5 % of its share): at 1000
  // nodes the handshakes outlast an interval, and a process that started first holds more leases
  // until the others have claimed theirs.
  const t0 = Date.now();
  await sleep(INTERVAL_MS);
  const split = () => {
    const recent = polls.filter((x) => x.startedAt >= Date.now() - INTERVAL_MS);
    return workers.map((_, w) => new Set(recent.filter((x) => x.worker === w).map((x) => x.nodeId)).size);
  };
  const answered = () => new Set(polls.filter((x) => x.ok).map((x) => x.nodeId)).size;
  const even = () => split().every((c) => Math.abs(c - NODES / n) <= 0.05 * (NODES / n));
  // …and every node polled in the last interval: the hand-overs of the start are over.
  const covered = () => new Set(polls.filter((x) => x.startedAt >= Date.now() - INTERVAL_MS).map((x) => x.nodeId)).size === NODES;
  for (const warmEnd = Date.now() + 4 * INTERVAL_MS; (answered() < NODES || !even() || !covered()) && Date.now() < warmEnd; ) await sleep(1000);
  console.log(`warm-up: ${((Date.now() - t0) / 1000).toFixed(0)} s, ${answered()}/${NODES} nodes answered once, last interval's split ${split().join(' / ')}`);
  await untilBetweenLooks();
  const m0 = Date.now();
  const cpuAt0 = new Map([...usage].map(([w, u]) => [w, u.cpuUs]));
  let killedAt = Infinity;
  const cpuAtKill = new Map<number, number>();
  for (let i = 1; i <= INTERVALS; i++) {
    if (n > 1 && i === killAt) {
      killedAt = Date.now();
      cpuAtKill.set(0, usage.get(0)?.cpuUs ?? 0);
      workers[0]!.kill(values.stop ? 'SIGTERM' : 'SIGKILL');
    }
    await sleep(INTERVAL_MS);
  }
  const cpuEnd = new Map([...usage].map(([w, u]) => [w, cpuAtKill.get(w) ?? u.cpuUs]));
  // Every worker gone before the caller drops the database under them.
  await Promise.all(
    workers.map((w) => {
      if (w.exitCode !== null || w.signalCode !== null) return null;
      const gone = new Promise((r) => w.once('exit', r));
      w.kill('SIGTERM');
      const hard = setTimeout(() => w.kill('SIGKILL'), 10_000);
      return gone.finally(() => clearTimeout(hard));
    }),
  );

  console.log(`fleet: ${NODES} nodes × ${values.cts} CTs, interval ${INTERVAL_MS / 1000} s, ${INTERVALS} measured intervals, ${n} collector processes${Number.isFinite(killedAt) ? `, process 0 ${values.stop ? 'stopped' : 'killed'} at interval ${killAt}` : ''}`);
  for (let i = 1; i <= INTERVALS; i++) {
    const from = m0 + (i - 1) * INTERVAL_MS;
    const inside = polls.filter((x) => x.startedAt >= from && x.startedAt < from + INTERVAL_MS);
    const polled = new Set(inside.map((x) => x.nodeId));
    const per = workers.map((_, w) => new Set(inside.filter((x) => x.worker === w).map((x) => x.nodeId)).size);
    const d = inside.map((x) => x.durationMs);
    console.log(`interval ${i}: ${polled.size}/${NODES} nodes polled, ${inside.filter((x) => x.ok).length} ok, poll p50 ${pct(d, 50)} ms p99 ${pct(d, 99)} ms, per process ${per.join(' / ')}`);
  }
  if (Number.isFinite(killedAt)) {
    // Its nodes: those it polled in the interval before the kill (earlier, before the leases had
    // settled, it may have held others for a while).
    const orphans = new Set(polls.filter((x) => x.worker === 0 && x.startedAt >= killedAt - INTERVAL_MS && x.startedAt < killedAt).map((x) => x.nodeId));
    const gaps = [...orphans].map((id) => {
      const next = polls.find((x) => x.nodeId === id && x.worker !== 0 && x.at >= killedAt);
      return next ? next.at - killedAt : Infinity;
    });
    const taken = gaps.filter(Number.isFinite);
    // Stopped, its nodes should keep their cadence: from each one's last poll before the stop to its next one.
    const waits = [...orphans].map((id) => {
      const before = Math.max(...polls.filter((x) => x.nodeId === id && x.startedAt < killedAt).map((x) => x.startedAt));
      const next = polls.find((x) => x.nodeId === id && x.worker !== 0 && x.startedAt >= killedAt);
      return next ? next.startedAt - before : Infinity;
    });
    const longestWait = values.stop ? `; longest wait between two polls of its nodes ${(Math.max(...waits) / 1000).toFixed(1)} s` : '';
    console.log(`${values.stop ? 'stopped' : 'killed'} process: ${orphans.size} nodes, ${taken.length} polled by another process, after p50 ${(pct(taken, 50) / 1000).toFixed(1)} s max ${(Math.max(...gaps) / 1000).toFixed(1)} s (${(Math.max(...gaps) / INTERVAL_MS).toFixed(2)} intervals)${longestWait}`);
  }
  const measured = polls.filter((x) => x.ok && x.at >= m0);
  const cpuUs = [...cpuEnd].reduce((sum, [w, c]) => sum + (c - (cpuAt0.get(w) ?? 0)), 0);
  const peak = [...usage.values()].map((u) => (u.peakRss / 2 ** 20).toFixed(0));
  console.log(`collector processes: peak RSS ${peak.join(' / ')} MiB`);
  console.log(`collector: ${(cpuUs / 1e3 / Math.max(1, measured.length)).toFixed(2)} ms CPU per node-poll (all processes, measured intervals)`);
}

/** A V8 CPU profile of the measured intervals only (open the file in Chrome DevTools or speedscope). */
type PollSummary = { ok: true; health: string; durationMs: number } | { ok: false; health: string; error: string; durationMs: number };

function summaryOf(r: CollectResult): PollSummary {
  return r.ok ? { ok: true, health: r.health, durationMs: r.durationMs } : { ok: false, health: r.health, error: r.error, durationMs: r.durationMs };
}

/**
 * A V8 profile of the measured intervals: CPU samples every millisecond, or (heap) what they
 * allocate by stack, one sample per 32 kB on average, counting objects the GC has collected since:
 * for the GC's work the garbage is the point.
 */
async function startProfile(kind: 'cpu' | 'heap'): Promise<{ stop: () => Promise<unknown> }> {
  const session = new Session();
  session.connect();
  if (kind === 'cpu') {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
  } else {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  return {
    stop: async () => {
      const { profile } = kind === 'cpu' ? await session.post('Profiler.stop') : await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      return profile;
    },
  };
}

/** CPU seconds of this process's waited-for children (utime+stime of reaped children, /proc). */
function childrenCpuSeconds(): number {
  return statCpuTicks('/proc/self/stat', { children: true }) / CLK_TCK;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
