import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc's CPU times (100 on common Linux builds). */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time in a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file, in clock ticks: utime +
 * stime, or with `children` the reaped children's cutime + cstime instead. Fields are counted
 * after the ")" that ends the command name, which may itself hold spaces.
 */
export function statCpuTicks(path: string, opts: { children?: boolean } = {}): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = opts.children ? 13 : 11;
  return Number(fields[at]) + Number(fields[at + 1]);
}
