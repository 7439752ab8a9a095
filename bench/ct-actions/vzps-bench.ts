/**
 * vzps parsing at the sizes a CT can reach (run by hand: `npx tsx bench/ct-actions/vzps-bench.ts`).
 * For each process count: the bytes vzps prints, and the time to parse and rank (top 15 by memory
 * and by CPU). 4 MiB (VZPS_MAX_STDOUT) is where the read refuses to go on.
 */
import { VZPS_MAX_STDOUT } from '../../server/ct-actions/processes';
import { parseVzps, topProcesses } from '../../server/openvz/vzps';

function vzpsText(n: number): string {
  const rows = ['CTID   PID   UID   RSS    VSZ %CPU     TIME COMMAND'];
  for (let i = 0; i < n; i++) {
    const rss = (i * 7919) % 900_000;
    rows.push(`${'101'.padStart(4)} ${String(1000 + i).padStart(5)} ${String(i % 7 === 0 ? 0 : 1000).padStart(5)} ${String(rss).padStart(5)} ${String(rss * 3).padStart(6)} ${((i * 13) % 999 / 10).toFixed(1).padStart(4)} ${'00:12:34'.padStart(8)} php-fpm: pool ${i % 10}`);
  }
  return rows.join('\n') + '\n';
}

console.log('processes      bytes  fits 4MiB  parse+rank ms');
for (const n of [100, 1_000, 10_000, 70_000]) {
  const text = vzpsText(n);
  const bytes = Buffer.byteLength(text);
  const runs = 5;
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) {
    const report = parseVzps(text);
    topProcesses(report, 'memory', 15);
    topProcesses(report, 'cpu', 15);
  }
  const ms = (performance.now() - t0) / runs;
  console.log(`${String(n).padStart(9)} ${String(bytes).padStart(10)} ${String(bytes <= VZPS_MAX_STDOUT).padStart(10)} ${ms.toFixed(1).padStart(14)}`);
}
