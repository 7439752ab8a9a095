/**
 * `vzps -E <ct> -o pid,uid,rss,vsz,pcpu,time,comm` (vzprocps: procps with an -E <CTID> selector).
 * vzps puts a CTID column before the asked-for ones; the rest is procps's own layout: right-aligned
 * numbers (PID 5, UID 5, RSS 5, VSZ 6, %CPU 4, TIME 8 wide, a wider value pushes the line), then
 * COMMAND left-aligned and last. The process list is made up, deterministically from the CT: as
 * many processes as its numproc holds, sharing its physpages as resident memory.
 */
import type { SimContainer } from '../world/model';
import { createRng, deriveSeed, nextFloat, nextInt, pick } from '../world/prng';
import { lines, padLeft } from './format';

const DAEMONS = ['init', 'kthreadd/', 'rsyslogd', 'sshd', 'crond', 'master', 'qmgr', 'pickup', 'nginx', 'php-fpm', 'mysqld', 'httpd', 'named', 'exim', 'dovecot', 'memcached', 'redis-server', 'java', 'python3', 'node'];
/** Processes shown at most: a CT of thousands of processes prints them all, vzfleet keeps the top. */
const MAX_PROCS = 600;

export interface SimProcess {
  pid: number;
  uid: number;
  rssKb: number;
  vszKb: number;
  pcpu: number;
  cpuSec: number;
  comm: string;
}

/** The CT's processes, the same for the same CT and simulated minute. */
export function simProcesses(ct: SimContainer, minute: number): SimProcess[] {
  if (ct.status !== 'running') return [];
  const count = Math.max(1, Math.min(MAX_PROCS, Math.round(ct.ubc.numproc.held)));
  const rng = createRng(deriveSeed(ct.ctId, minute));
  const rssTotalKb = Math.max(count * 600, ct.ubc.physpages.held * 4);
  const weights = Array.from({ length: count }, (_, i) => (i === 0 ? 0.2 : 0.05 + nextFloat(rng) ** 3 * (ct.busy ? 8 : 3)));
  const sum = weights.reduce((a, b) => a + b, 0);
  let pid = 1;
  return weights.map((w, i) => {
    const comm = i === 0 ? 'init' : i === 1 ? `kthreadd/${ct.ctid}`.slice(0, 15) : pick(rng, DAEMONS.slice(2));
    const rssKb = Math.max(4, Math.round((rssTotalKb * w) / sum));
    const pcpu = Math.round(nextFloat(rng) ** 4 * (ct.busy ? 90 : 12) * 10) / 10;
    const p: SimProcess = { pid, uid: i < 4 ? 0 : pick(rng, [0, 48, 27, 99, 500, 1000]), rssKb, vszKb: rssKb * nextInt(rng, 2, 6), pcpu, cpuSec: Math.round(pcpu * nextInt(rng, 60, 90_000) / 10), comm };
    pid += nextInt(rng, 1, 40);
    return p;
  });
}

/** `[DD-]hh:mm:ss`, as procps prints cumulative CPU time. */
export function psTime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const hms = [Math.floor(sec / 3600) % 24, Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d}-${hms}` : hms;
}

export function renderVzps(ctId: string, procs: readonly SimProcess[]): string {
  const row = (c: string, pid: string, uid: string, rss: string, vsz: string, pcpu: string, time: string, comm: string) =>
    `${padLeft(c, 4)} ${padLeft(pid, 5)} ${padLeft(uid, 5)} ${padLeft(rss, 5)} ${padLeft(vsz, 6)} ${padLeft(pcpu, 4)} ${padLeft(time, 8)} ${comm}`;
  return lines([
    row('CTID', 'PID', 'UID', 'RSS', 'VSZ', '%CPU', 'TIME', 'COMMAND'),
    ...procs.map((p) => row(ctId, String(p.pid), String(p.uid), String(p.rssKb), String(p.vszKb), p.pcpu.toFixed(1), psTime(p.cpuSec), p.comm)),
  ]);
}
