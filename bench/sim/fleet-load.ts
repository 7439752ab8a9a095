/**
 * Benchmark: the simulated fleet under a collector's load (run by hand, prints its figures).
 *
 *   npx tsx bench/sim/fleet-load.ts [--nodes 1000] [--cts 60] [--intervals 3] [--interval-ms 15000]
 *                                   [--base-port 22000] [--handshakes 32] [--warmup-intervals 1] [--idle-windows 1]
 *                                   [--sim-arg=--no-compression]
 *                                   [--node-arg=--cpu-prof] [--sim-log FILE]
 *
 * Starts `sim/control/cli.ts` in a child process (node --import tsx, so the measured PID is the simulator
 * itself), then — like the real collector — keeps one SSH connection per node (server/ssh's
 * connectSsh: same algorithms, compression, keepalive, host-key pinning) and runs the collect
 * script (buildCollectScript) on every node once per interval, spread evenly over it. The
 * simulator's CPU comes from /proc/<pid>/stat (utime+stime deltas), its memory from
 * /proc/<pid>/status (VmRSS). Only loopback addresses are used.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectSsh, type SshConnection } from '../../server/ssh/connection';
import { buildCollectScript, newSectionToken } from '../../server/ssh/commands';
import { CLK_TCK, statCpuTicks } from '../proc-cpu';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    intervals: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '15000' },
    'base-port': { type: 'string', default: '22000' },
    handshakes: { type: 'string', default: '32' },
    /** Intervals polled before measuring (the first poll of a node catches up its drift). */
    'warmup-intervals': { type: 'string', default: '1' },
    /** 10-second windows of idle connections measured before the polls. */
    'idle-windows': { type: 'string', default: '1' },
    'data-dir': { type: 'string' },
    /** Append the simulator's stdout and stderr here (e.g. with --node-arg=--trace-gc). */
    'sim-log': { type: 'string' },
    'sim-arg': { type: 'string', multiple: true, default: [] },
    /** Extra node options for the simulator process, e.g. --node-arg=--cpu-prof */
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const NODES = Number(values.nodes);
const CTS = Number(values.cts);
const INTERVALS = Number(values.intervals);
const INTERVAL_MS = Number(values['interval-ms']);
const BASE_PORT = Number(values['base-port']);
const HANDSHAKES = Number(values.handshakes);
const IDLE_WINDOWS = Number(values['idle-windows']);
const WARMUP = Number(values['warmup-intervals']);

interface Inventory {
  name: string;
  host: string;
  port: number;
  hostKeyFingerprint: string;
  keyFile: string;
}

const cpuTicks = (pid: number) => statCpuTicks(`/proc/${pid}/stat`);

function rssMib(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU % of one core used by `pid` while `work` runs, and the peak RSS sampled every second. */
async function measure<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; cpuPercent: number; peakRssMib: number; seconds: number }> {
  const t0 = performance.now();
  const c0 = cpuTicks(pid);
  let peak = rssMib(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMib(pid))), 1000);
  try {
    const result = await work();
    const seconds = (performance.now() - t0) / 1000;
    const cpuPercent = ((cpuTicks(pid) - c0) / CLK_TCK / seconds) * 100;
    return { result, cpuPercent, peakRssMib: Math.max(peak, rssMib(pid)), seconds };
  } finally {
    clearInterval(sampler);
  }
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

function startSimulator(dataDir: string): Promise<{ pid: number; stop: () => Promise<void>; startSeconds: number }> {
  const args = [...values['node-arg'], '--import', 'tsx', 'sim/control/cli.ts', '--nodes', String(NODES), '--cts', String(CTS), '--seed', '42', '--base-port', String(BASE_PORT), '--data-dir', dataDir, ...values['sim-arg']];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const log = values['sim-log'];
  if (log) {
    child.stdout.on('data', (d: Buffer) => appendFileSync(log, d));
    child.stderr.on('data', (d: Buffer) => appendFileSync(log, d));
  }
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolveStart, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Press Ctrl-C to stop.')) resolveStart({ pid: child.pid!, stop, startSeconds: (performance.now() - t0) / 1000 });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${stderr}`)));
  });
}

async function main(): Promise<void> {
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'vzfleet-bench-sim-'));
  console.log(`simulator: ${NODES} nodes × ${CTS} CTs, base port ${BASE_PORT}, data ${dataDir}${values['sim-arg'].length ? `, ${values['sim-arg'].join(' ')}` : ''}`);
  const sim = await startSimulator(dataDir);
  const connections: SshConnection[] = [];
  try {
    console.log(`started in ${sim.startSeconds.toFixed(1)} s (pid ${sim.pid}), RSS ${rssMib(sim.pid).toFixed(0)} MiB`);
    const inventory = JSON.parse(readFileSync(join(dataDir, 'inventory.json'), 'utf8')) as Inventory[];
    const privateKey = readFileSync(inventory[0]!.keyFile, 'utf8');

    const connect = await measure(sim.pid, () =>
      pool(inventory, HANDSHAKES, async (n) => {
        const target = { host: n.host, port: n.port, username: 'root', privateKey, hostKeyFingerprint: n.hostKeyFingerprint };
        connections.push(await connectSsh(target, { connectTimeoutMs: 30_000 }));
      }),
    );
    console.log(`connect: ${connections.length} connections (≤ ${HANDSHAKES} handshakes in flight) in ${connect.seconds.toFixed(1)} s; simulator CPU ${connect.cpuPercent.toFixed(0)} % of one core, RSS ${connect.peakRssMib.toFixed(0)} MiB`);

    // Let the handshakes' garbage go, then see what 1000 idle connections (keepalives) cost.
    await new Promise((r) => setTimeout(r, 5000));
    for (let w = 0; w < IDLE_WINDOWS; w++) {
      const idle = await measure(sim.pid, () => new Promise((r) => setTimeout(r, 10_000)));
      console.log(`idle: simulator CPU ${idle.cpuPercent.toFixed(1)} % of one core over ${idle.seconds.toFixed(0)} s, RSS ${idle.peakRssMib.toFixed(0)} MiB`);
    }

    const script = buildCollectScript({ full: true, token: newSectionToken() });
    /** One collect per connection, spread evenly over the interval, like the collector's schedule. */
    const pollOnce = async (stats: { latencies: number[]; failures: number; bytes: number }) => {
      const t0 = performance.now();
      await Promise.all(
        connections.map(
          (conn, i) =>
            new Promise<void>((done) => {
              setTimeout(() => {
                const s = performance.now();
                conn.exec(script, { timeoutMs: 30_000 }).then(
                  (r) => {
                    stats.latencies.push(performance.now() - s);
                    stats.bytes += r.stdout.length;
                    if (r.code !== 0) stats.failures++;
                    done();
                  },
                  () => {
                    stats.failures++;
                    done();
                  },
                );
              }, Math.max(0, t0 + (i / connections.length) * INTERVAL_MS - performance.now()));
            }),
        ),
      );
      // The interval lasts INTERVAL_MS even when the last poll answered early.
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + INTERVAL_MS - performance.now())));
    };
    for (let k = 0; k < WARMUP; k++) {
      const warm = await measure(sim.pid, () => pollOnce({ latencies: [], failures: 0, bytes: 0 }));
      console.log(`warm-up interval (first poll of every node: catch-up drift, JIT, zlib state): simulator CPU ${warm.cpuPercent.toFixed(1)} %`);
    }
    const stats = { latencies: [] as number[], failures: 0, bytes: 0 };
    const perInterval: number[] = [];
    const poll = await measure(sim.pid, async () => {
      for (let k = 0; k < INTERVALS; k++) perInterval.push((await measure(sim.pid, () => pollOnce(stats))).cpuPercent);
    });
    const latencies = stats.latencies.sort((x, y) => x - y);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    const polls = INTERVALS * connections.length;
    console.log(
      `poll: ${polls} collect runs over ${INTERVALS} × ${INTERVAL_MS / 1000} s (${(polls / poll.seconds).toFixed(1)}/s), ` +
        `${(stats.bytes / Math.max(1, polls - stats.failures) / 1024).toFixed(0)} KiB each, ${stats.failures} failed; latency p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms`,
    );
    console.log(`per interval: ${perInterval.map((c) => `${c.toFixed(1)} %`).join(', ')}`);
    console.log(`SIMULATOR UNDER POLL LOAD: CPU ${poll.cpuPercent.toFixed(1)} % of one core (target ≤ 50 %), peak RSS ${poll.peakRssMib.toFixed(0)} MiB (target ≤ 2048 MiB)`);
  } finally {
    for (const c of connections) c.close();
    await sim.stop();
    if (!values['data-dir']) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
