/**
 * Benchmark: what reading a node costs the collector in transport alone, one exec of the collect
 * script per poll against the connection's collect loop (run by hand).
 *
 *   npx tsx bench/collector/transport-bench.ts [--nodes 50] [--cts 60] [--rounds 8] [--polls 10] [--base-port 23000]
 *
 * Starts `sim/control/cli.ts` in a child process and keeps one SSH connection per node. Each round
 * reads every node --polls times (all nodes at once, as the scheduler does) by one way, then the
 * next round by the other, alternating, so a busy machine's drift hits both alike. Prints the
 * client CPU per read (process.cpuUsage ÷ reads) for each way, fast and full reads separately:
 *   exec fast: <ms> ms CPU per read (median of rounds)   loop fast: <ms> …   → ratio <x>×
 * Nothing is parsed or stored: this is the floor under bench/collector's figure.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { collectScriptFor } from '../../server/ssh/collect-loop';
import { newSectionToken, type CollectKind } from '../../server/ssh/commands';
import { SshPool } from '../../server/ssh/pool';
import { startSimulator } from './start-simulator';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '50' },
    cts: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '8' },
    polls: { type: 'string', default: '10' },
    'base-port': { type: 'string', default: '23000' },
  },
});

interface Inventory {
  name: string;
  host: string;
  port: number;
  keyFile: string;
  hostKeyFingerprint: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-bench-transport-'));
  const sim = await startSimulator({ nodes: values.nodes!, cts: values.cts!, basePort: values['base-port']!, dataDir });
  const pool = new SshPool({ connectTimeoutMs: 30_000 });
  try {
    const inventory = JSON.parse(readFileSync(join(dataDir, 'inventory.json'), 'utf8')) as Inventory[];
    const targets = inventory.map((n, i) => ({
      key: `n${i}`,
      target: { host: n.host, port: n.port, username: 'root', privateKey: readFileSync(n.keyFile, 'utf8'), hostKeyFingerprint: n.hostKeyFingerprint, compression: false },
    }));
    const read = (way: 'exec' | 'loop', kind: CollectKind) =>
      Promise.all(
        targets.map(async ({ key, target }) => {
          const token = newSectionToken();
          const out = way === 'loop' ? await pool.collect(key, target, kind, token, 30_000) : await pool.exec(key, target, collectScriptFor(kind, token), 30_000);
          if (!out.stdoutBytes.includes(`@@vzfleet:${token} end beancounters 0`)) throw new Error(`${key}: no beancounters in the answer`);
          return out.stdoutBytes.length;
        }),
      );
    // Warm-up: connections, loops, JIT.
    for (const way of ['exec', 'loop'] as const) for (const kind of ['fast', 'full'] as const) await read(way, kind);
    const bytes = { fast: (await read('exec', 'fast'))[0]!, full: (await read('exec', 'full'))[0]! };
    console.log(`fleet: ${targets.length} nodes × ${values.cts} CTs, ${values.rounds} rounds of ${values.polls} reads per node and way; answer ${(bytes.fast / 1024).toFixed(0)} kB fast, ${(bytes.full / 1024).toFixed(0)} kB full`);
    for (const kind of ['fast', 'full'] as const) {
      const per: Record<'exec' | 'loop', number[]> = { exec: [], loop: [] };
      for (let r = 0; r < Number(values.rounds); r++) {
        for (const way of r % 2 ? (['loop', 'exec'] as const) : (['exec', 'loop'] as const)) {
          const cpu0 = process.cpuUsage();
          for (let p = 0; p < Number(values.polls); p++) await read(way, kind);
          const cpu = process.cpuUsage(cpu0);
          per[way].push((cpu.user + cpu.system) / 1000 / (targets.length * Number(values.polls)));
        }
      }
      const [e, l] = [median(per.exec), median(per.loop)];
      console.log(`exec ${kind}: ${e.toFixed(3)} ms CPU per read   loop ${kind}: ${l.toFixed(3)} ms CPU per read   → ratio ${(e / l).toFixed(2)}×`);
    }
    console.log(`connections: ${pool.connectsStarted}, collect loops opened: ${pool.collectLoopsOpened}`);
  } finally {
    pool.closeAll();
    sim.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
