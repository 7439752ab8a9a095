import { applyChange, ubcOfChange, type CtLimits, type LimitChange, type LimitParam, type NodeFacts, type UbcParam } from './params';

/**
 * The checks a limit change must pass, each NAMED and tied to the tool it comes from
 * (docs/openvz/LIMITS.md §2). Two families:
 *  - what `vzctl set` itself refuses (value ranges of its parser): severity `refused`;
 *  - the relations `vzcfgvalidate` checks between beancounters (vzctl's src/lib/validate.c):
 *    its "Error:" lines are `error`, its "Warning:" lines `warning`, "Recommendation:" `advice`.
 * Pure: settings in, findings out.
 */

export type RuleSeverity = 'refused' | 'error' | 'warning' | 'advice';

export interface LimitRule {
  id: string;
  severity: RuleSeverity;
  /** Where the rule comes from, for the docs and the editor's tooltip. */
  source: string;
  /** The settings the rule reads: a change to one of them is what the rule judges. */
  involves: readonly LimitParam[];
  /** A message when the settings break the rule; null when they pass or the rule cannot be judged. */
  check: (s: CtLimits, node: NodeFacts) => string | null;
}

export interface LimitFinding {
  rule: string;
  severity: RuleSeverity;
  source: string;
  message: string;
  /** Already broken before the change: shown, never blocks. */
  preexisting: boolean;
  /** The change may not be applied while this stands. */
  blocking: boolean;
}

const VZCFGVALIDATE = 'vzcfgvalidate (vzctl src/lib/validate.c)';
const KIB = 1024;
/** An unlimited value takes part in arithmetic as +∞ (LONG_MAX in the tools). */
const inf = (v: number | null | undefined): number => (v === null || v === undefined ? Infinity : v);

const bar = (s: CtLimits, r: UbcParam) => s.ubc[r]?.barrier;
const lim = (s: CtLimits, r: UbcParam) => s.ubc[r]?.limit;
/** numproc's barrier / 2: what vzcfgvalidate takes as the average process count when AVNUMPROC is unset. */
const avnumproc = (s: CtLimits) => (bar(s, 'numproc') === undefined ? undefined : inf(bar(s, 'numproc')!) / 2);
const known = (...vs: (number | null | undefined)[]) => vs.every((v) => v !== undefined);

function barrierLeLimit(r: UbcParam): LimitRule {
  return {
    id: `${r}-barrier-le-limit`, severity: 'error', source: VZCFGVALIDATE, involves: [r],
    check: (s) => {
      const b = bar(s, r);
      const l = lim(s, r);
      if (!known(b, l) || inf(b) <= inf(l)) return null;
      return `${r}: the barrier must not be above the limit (${b ?? 'unlimited'}:${l ?? 'unlimited'})`;
    },
  };
}

function barrierEqLimit(r: UbcParam): LimitRule {
  return {
    id: `${r}-barrier-eq-limit`, severity: 'error', source: VZCFGVALIDATE, involves: [r],
    check: (s, node) => {
      if (node.vswap) return null;
      const b = bar(s, r);
      const l = lim(s, r);
      if (!known(b, l) || b === l) return null;
      return `${r}: barrier and limit must be equal (${b ?? 'unlimited'}:${l ?? 'unlimited'})`;
    },
  };
}

function limitUnlimited(r: UbcParam): LimitRule {
  return {
    id: `${r}-limit-unlimited`, severity: 'error', source: VZCFGVALIDATE, involves: [r],
    check: (s, node) => (node.vswap || lim(s, r) === undefined || lim(s, r) === null ? null : `${r}: the limit must be unlimited (it is a guarantee, only the barrier counts)`),
  };
}

/** lim − bar of a socket buffer must hold 2.5 KiB per socket the CT may open. */
function bufferGap(buf: UbcParam, socks: UbcParam, severity: RuleSeverity): LimitRule {
  return {
    id: `${buf}-gap`, severity, source: VZCFGVALIDATE, involves: [buf, socks],
    check: (s, node) => {
      if (node.vswap || !known(bar(s, buf), lim(s, buf), bar(s, socks))) return null;
      const need = 2.5 * KIB * inf(bar(s, socks));
      const gap = inf(lim(s, buf)) - inf(bar(s, buf));
      if (!Number.isFinite(need) || Number.isNaN(gap) || gap >= need) return null;
      return `${buf}: limit − barrier must be at least 2.5 KiB × ${socks} barrier = ${need} bytes (now ${gap})`;
    },
  };
}

function barrierAtLeast(r: UbcParam, min: number, severity: RuleSeverity, id = `${r}-min`): LimitRule {
  return {
    id, severity, source: VZCFGVALIDATE, involves: [r],
    check: (s, node) => {
      const b = bar(s, r);
      if (node.vswap || b === undefined || inf(b) >= min) return null;
      return `${r}: the barrier should be at least ${min / KIB} KiB (now ${b} bytes)`;
    },
  };
}

function between(param: 'cpuunits' | 'ioprio', min: number, max: number, source: string): LimitRule {
  return {
    id: `${param}-range`, severity: 'refused', source, involves: [param],
    check: (s) => {
      const v = s[param];
      if (v === null || (Number.isInteger(v) && v >= min && v <= max)) return null;
      return `${param} must be a whole number from ${min} to ${max} (got ${v})`;
    },
  };
}

export const LIMIT_RULES: readonly LimitRule[] = [
  // What vzctl set refuses outright.
  between('cpuunits', 8, 500000, 'vzctl MINCPUUNITS..MAXCPUUNITS (src/include/cpu.h)'),
  between('ioprio', 0, 7, 'vzctl --ioprio: CFQ priority 0..7 (vzctl(8))'),
  {
    id: 'cpulimit-range', severity: 'refused', source: 'vzctl(8) --cpulimit: percent of one CPU, at most 100 × CPUs', involves: ['cpulimit', 'cpus'],
    check: (s, node) => {
      const v = s.cpulimit;
      const cpus = s.cpus ?? node.cpus;
      const max = cpus === null ? Infinity : 100 * cpus;
      if (v === null || (Number.isInteger(v) && v >= 0 && v <= max)) return null;
      return `cpulimit must be a whole percent from 0 (no cap) to ${max} (100 × ${cpus} CPUs), got ${v}`;
    },
  },
  {
    id: 'cpus-range', severity: 'refused', source: 'vzctl(8) --cpus: 1 .. the node’s CPUs', involves: ['cpus'],
    check: (s, node) => (s.cpus === null || (Number.isInteger(s.cpus) && s.cpus >= 1 && s.cpus <= (node.cpus ?? Infinity)) ? null : `cpus must be a whole number from 1 to ${node.cpus ?? 'the node’s CPU count'} (got ${s.cpus})`),
  },
  {
    id: 'ubc-values', severity: 'refused', source: 'vzctl parse_ul: barrier and limit are unsigned longs', involves: [],
    check: (s) => {
      for (const [r, v] of Object.entries(s.ubc)) {
        for (const x of [v.barrier, v.limit]) if (x !== null && !(Number.isSafeInteger(x) && x >= 0)) return `${r}: ${x} is not a whole number ≥ 0`;
      }
      return null;
    },
  },
  // vzcfgvalidate: barrier ≤ limit, or barrier = limit where only one value makes sense.
  ...(['kmemsize', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf', 'privvmpages', 'lockedpages', 'numflock', 'dcachesize', 'physpages', 'swappages'] as const).map(barrierLeLimit),
  ...(['numproc', 'numtcpsock', 'numothersock', 'shmpages', 'numfile', 'numpty', 'numsiginfo', 'numiptent'] as const).map(barrierEqLimit),
  limitUnlimited('vmguarpages'),
  limitUnlimited('oomguarpages'),
  {
    id: 'physpages-accounting-only', severity: 'error', source: VZCFGVALIDATE, involves: ['physpages'],
    check: (s, node) => {
      if (node.vswap || !known(bar(s, 'physpages'))) return null;
      return bar(s, 'physpages') === 0 && lim(s, 'physpages') === null ? null : 'physpages: without VSwap it only counts RAM; barrier 0 and limit unlimited';
    },
  },
  // vzcfgvalidate: relations between beancounters (non-VSwap CTs).
  {
    id: 'privvmpages-vs-vmguarpages', severity: 'warning', source: VZCFGVALIDATE, involves: ['privvmpages', 'vmguarpages'],
    check: (s, node) =>
      node.vswap || !known(bar(s, 'privvmpages'), bar(s, 'vmguarpages')) || inf(bar(s, 'privvmpages')) >= inf(bar(s, 'vmguarpages'))
        ? null
        : `privvmpages barrier must be at least the vmguarpages barrier (${bar(s, 'vmguarpages')} pages): the CT could never use its guarantee`,
  },
  bufferGap('tcpsndbuf', 'numtcpsock', 'error'),
  bufferGap('othersockbuf', 'numothersock', 'error'),
  bufferGap('tcprcvbuf', 'numtcpsock', 'warning'),
  barrierAtLeast('tcprcvbuf', 64 * KIB, 'warning'),
  barrierAtLeast('tcpsndbuf', 64 * KIB, 'warning'),
  barrierAtLeast('dgramrcvbuf', 32 * KIB, 'warning'),
  barrierAtLeast('othersockbuf', 32 * KIB, 'warning'),
  barrierAtLeast('dgramrcvbuf', 129 * KIB, 'advice', 'dgramrcvbuf-recommended'),
  barrierAtLeast('othersockbuf', 129 * KIB, 'advice', 'othersockbuf-recommended'),
  {
    id: 'numfile-vs-numproc', severity: 'warning', source: VZCFGVALIDATE, involves: ['numfile', 'numproc', 'numtcpsock', 'numothersock', 'numpty'],
    check: (s, node) => {
      if (node.vswap || !known(bar(s, 'numfile'), bar(s, 'numproc'), bar(s, 'numtcpsock'), bar(s, 'numothersock'), bar(s, 'numpty'))) return null;
      const need = Math.max(avnumproc(s)! * 32, inf(bar(s, 'numtcpsock')) + inf(bar(s, 'numothersock')) + inf(bar(s, 'numpty')));
      return !Number.isFinite(need) || inf(bar(s, 'numfile')) >= need ? null : `numfile barrier should be at least ${need} (32 files per average process, or one per socket and terminal)`;
    },
  },
  {
    id: 'dcachesize-vs-numfile', severity: 'warning', source: VZCFGVALIDATE, involves: ['dcachesize', 'numfile'],
    check: (s, node) => {
      if (node.vswap || !known(lim(s, 'dcachesize'), bar(s, 'numfile'))) return null;
      const need = inf(bar(s, 'numfile')) * 384;
      return !Number.isFinite(need) || inf(lim(s, 'dcachesize')) >= need ? null : `dcachesize limit should be at least 384 bytes × numfile barrier = ${need} bytes`;
    },
  },
  {
    id: 'kmemsize-vs-numproc', severity: 'error', source: VZCFGVALIDATE, involves: ['kmemsize', 'numproc', 'dcachesize'],
    check: (s, node) => {
      if (node.vswap || !known(bar(s, 'kmemsize'), bar(s, 'numproc'), lim(s, 'dcachesize'))) return null;
      const need = 40 * KIB * avnumproc(s)! + inf(lim(s, 'dcachesize'));
      return !Number.isFinite(need) || inf(bar(s, 'kmemsize')) >= need ? null : `kmemsize barrier must be at least 40 KiB × average processes (numproc/2) + dcachesize limit = ${need} bytes (now ${bar(s, 'kmemsize')})`;
    },
  },
  {
    id: 'diskspace-soft-le-hard', severity: 'error', source: `${VZCFGVALIDATE}, quota_block`, involves: ['diskspace'],
    check: (s) => (s.diskspace === null || s.diskspace.soft <= s.diskspace.hard ? null : `diskspace: the soft limit must not be above the hard limit (${s.diskspace.soft}:${s.diskspace.hard} KiB)`),
  },
  {
    id: 'diskinodes-soft-le-hard', severity: 'error', source: `${VZCFGVALIDATE}, quota_inode`, involves: ['diskinodes'],
    check: (s) => (s.diskinodes === null || s.diskinodes.soft <= s.diskinodes.hard ? null : `diskinodes: the soft limit must not be above the hard limit (${s.diskinodes.soft}:${s.diskinodes.hard})`),
  },
];

/**
 * OpenVZ 7 charges memory through the memory cgroup: --ram/--swap are the memory limits and the old
 * memory beancounters are not enforced there (their rows stay for compatibility). Only the counters
 * below still refuse anything.
 */
export const VZ7_SETTABLE_UBC: readonly UbcParam[] = ['numproc', 'numtcpsock', 'numothersock', 'numfile', 'numflock', 'numpty', 'numsiginfo', 'numiptent'];

function changeFindings(change: LimitChange, node: NodeFacts): LimitFinding[] {
  const out: LimitFinding[] = [];
  const refuse = (rule: string, source: string, message: string) => out.push({ rule, severity: 'refused', source, message, preexisting: false, blocking: true });
  if ('bytes' in change) {
    if (!node.vswap) refuse('vswap-only', 'vzctl(8) --ram/--swap', `--${change.param} applies to VSwap CTs; this CT's memory is set by privvmpages`);
    if (!Number.isSafeInteger(change.bytes) || change.bytes < (change.param === 'ram' ? 2 ** 20 : 0)) refuse(`${change.param}-range`, 'vzctl(8) --ram/--swap', `${change.param} must be a whole number of bytes${change.param === 'ram' ? ', at least 1 MiB' : ''}`);
  }
  if ('soft' in change && (!Number.isSafeInteger(change.soft) || !Number.isSafeInteger(change.hard) || change.soft < 0 || change.hard < 0)) {
    refuse(`${change.param}-values`, 'vzquota: soft and hard limits are unsigned', `${change.param}: soft and hard must be whole numbers ≥ 0`);
  }
  if ('barrier' in change && node.generation === 'vz7' && !VZ7_SETTABLE_UBC.includes(change.param)) {
    refuse('vz7-memory-by-ram', 'OpenVZ 7 command line reference: memory is --ram/--swap', `${change.param} is not enforced on OpenVZ 7; change the RAM (--ram) or swap (--swap) instead`);
  }
  if ('barrier' in change && node.vswap && ['privvmpages', 'vmguarpages', 'oomguarpages'].includes(change.param)) {
    out.push({ rule: 'vswap-ignores-old-memory', severity: 'warning', source: 'OpenVZ wiki, VSwap', message: `${change.param} is not what limits a VSwap CT's memory; its RAM (--ram) is`, preexisting: false, blocking: false });
  }
  return out;
}

/** Which settings a change touches (a --ram change touches physpages). */
function touched(change: LimitChange): Set<LimitParam> {
  const s = new Set<LimitParam>([change.param]);
  const ubc = ubcOfChange(change);
  if (ubc) s.add(ubc);
  return s;
}

/**
 * Every finding about the settings after `change`. A rule broken only after the change, about a
 * setting the change touches, blocks when it is `refused` or `error`; one already broken before
 * is shown but does not stop a change that does not make it worse (hosting configs often carry
 * old inconsistencies that vzctl itself never refused).
 */
export function validateLimitChange(current: CtLimits, change: LimitChange, node: NodeFacts): { ok: boolean; findings: LimitFinding[] } {
  const after = applyChange(current, change);
  const mine = touched(change);
  const findings = changeFindings(change, node);
  for (const rule of LIMIT_RULES) {
    const now = rule.check(after, node);
    if (now === null) continue;
    const before = rule.check(current, node);
    const involved = rule.involves.length === 0 || rule.involves.some((p) => mine.has(p));
    const preexisting = before !== null;
    const hard = rule.severity === 'refused' || rule.severity === 'error';
    findings.push({ rule: rule.id, severity: rule.severity, source: rule.source, message: now, preexisting, blocking: hard && involved && (!preexisting || rule.severity === 'refused') });
  }
  return { ok: !findings.some((f) => f.blocking), findings };
}
