/**
 * vzmemcheck [-v] [-A] (FORMULAS §2, FORMATS §8; vzctl ≥ 3.0.26 layout). Running CTs only, in
 * /proc/user_beancounters order; values are % of the node (or MB with -A), computed in doubles
 * like the C tool — an unlimited (LONG_MAX) limit yields the absurd figures the real tool prints.
 */
import type { SimContainer, SimNodeModel } from '../world/model';
import { LONG_MAX } from './format';

const PAGE = 4096;
const MB = 1024 * 1024;
const NET = ['kmemsize', 'tcprcvbuf', 'tcpsndbuf', 'dgramrcvbuf', 'othersockbuf'] as const;

export interface MemTotals {
  /** bytes */
  ram: number;
  swap: number;
  lowmem: number;
}

export function memTotals(model: SimNodeModel): MemTotals {
  const ram = model.memTotalKb * 1024;
  // The tool keeps low memory in an unsigned long long: 40 % of it, truncated to whole bytes.
  return { ram, swap: model.swapTotalKb > 0 ? model.swapTotalKb * 1024 : 1, lowmem: Math.floor(ram * 0.4) };
}

const num = (v: number | null) => (v === null ? Number(LONG_MAX) : v);

/** The eight columns of one CT: [LowMem util, LowMem commit, RAM util, MemSwap util, MemSwap commit, Alloc util, Alloc commit, Alloc limit]. */
export function vzmemcheckColumns(ct: SimContainer, totals: MemTotals, absolute: boolean): number[] {
  const u = ct.ubc;
  const netHeld = NET.reduce((s, r) => s + u[r].held, 0);
  const netLim = NET.reduce((s, r) => s + num(u[r].limit), 0);
  const rs = totals.ram + totals.swap;
  const parts: [number, number][] = [
    [netHeld, totals.lowmem],
    [netLim, totals.lowmem],
    [u.physpages.held * PAGE + netHeld, totals.ram],
    [u.oomguarpages.held * PAGE + netHeld, rs],
    [num(u.oomguarpages.barrier) * PAGE + netLim, rs],
    [u.privvmpages.held * PAGE + netHeld, rs],
    [num(u.vmguarpages.barrier) * PAGE + netLim, rs],
    [num(u.privvmpages.limit) * PAGE + netLim, rs],
  ];
  return parts.map(([n, d]) => (absolute ? n / MB : (n / d) * 100));
}

/** C's `%7.2f` (toFixed switches to exponent notation past 1e21; printf never does). */
export function f72(v: number): string {
  const s = Math.abs(v) < 1e21 ? v.toFixed(2) : `${BigInt(Math.round(v)).toString()}.00`;
  return s.padStart(7);
}

const HEADER1 = ' LowMem  LowMem     RAM MemSwap MemSwap   Alloc   Alloc   Alloc';
const HEADER2 = '   util  commit    util    util  commit    util  commit   limit';

export function renderVzmemcheck(model: SimNodeModel, opts: { verbose: boolean; absolute: boolean }): string {
  const totals = memTotals(model);
  const out: string[] = [opts.absolute ? 'Output values in Mbytes' : 'Output values in %'];
  out.push(`${opts.verbose ? 'CTID       ' : ''}${HEADER1}`, `${opts.verbose ? '           ' : ''}${HEADER2}`);
  const sums = new Array<number>(8).fill(0);
  for (const ct of model.containers) {
    if (ct.status !== 'running') continue;
    const cols = vzmemcheckColumns(ct, totals, opts.absolute);
    cols.forEach((v, i) => (sums[i]! += v));
    if (opts.verbose) out.push(`${ct.ctid.padEnd(10)} ${cols.map(f72).join(' ')}`);
  }
  if (opts.verbose) out.push('-'.repeat(74));
  out.push(`${opts.verbose ? 'Summary:   ' : ''}${sums.map(f72).join(' ')}`);
  if (opts.absolute) {
    const lm = totals.lowmem / MB;
    const r = totals.ram / MB;
    const rs = (totals.ram + totals.swap) / MB;
    out.push(`${opts.verbose ? '           ' : ''}${[lm, lm, r, rs, rs, rs, rs, rs].map(f72).join(' ')}`);
  }
  return out.map((l) => `${l}\n`).join('');
}
