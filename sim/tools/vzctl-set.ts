/**
 * `vzctl set <ct> --<param> <value> … [--save]` on the simulated node: changes the model, so the next
 * poll prints the new barrier, cpuunits or quota. Messages and exit codes follow vzctl 4.x:
 * a value its parser refuses is "Bad parameter for --<name>: <value>" (exit 21,
 * VZ_INVALID_PARAMETER_VALUE), an unknown option exit 20 (VZ_INVALID_PARAMETER_SYNTAX), a
 * barrier above its limit is refused by the kernel's setublimit (exit 1, VZ_SETUBC_ERROR).
 */
import { findContainer, UBC_RESOURCES, type SimBeancounter, type SimContainer, type SimNodeModel, type UbcResource } from '../world/model';
import { fail, ok, type CommandResult } from './types';

const VZ_SETUBC_ERROR = 1;
const VZ_INVALID_PARAMETER_SYNTAX = 20;
const VZ_INVALID_PARAMETER_VALUE = 21;
const LONG_MAX = 9223372036854775807n;

type Setter = (ct: SimContainer, value: string, model: SimNodeModel) => string | null;

/** A number as vzctl reads it: digits, `unlimited`, or (sizes) a K/M/G suffix in `unit`s. */
function parseNumber(text: string, unitBytes: number | null): number | null | undefined {
  if (text === 'unlimited') return null;
  const m = /^(\d{1,19})([KMGT])?$/.exec(text);
  if (!m) return undefined;
  if (BigInt(m[1]!) >= LONG_MAX) return null;
  const n = Number(m[1]);
  if (!m[2]) return n;
  if (unitBytes === null) return undefined;
  const mult = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[m[2] as 'K' | 'M' | 'G' | 'T'];
  return Math.floor((n * mult) / unitBytes);
}

const PAGE = 4096;
const unitOf = (res: UbcResource | 'swappages') => (res.endsWith('pages') ? PAGE : ['kmemsize', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf', 'dcachesize'].includes(res) ? 1 : null);

/** "b:l" or a single value for both. */
function pair(text: string, unit: number | null): [number | null, number | null] | null {
  const parts = text.split(':');
  if (parts.length > 2) return null;
  const b = parseNumber(parts[0]!, unit);
  const l = parseNumber(parts[1] ?? parts[0]!, unit);
  return b === undefined || l === undefined ? null : [b, l];
}

class SetError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
const bad = (name: string, value: string) => new SetError(VZ_INVALID_PARAMETER_VALUE, `Bad parameter for --${name}: ${value}\n`);

function ubcSetter(res: UbcResource | 'swappages'): Setter {
  return (ct, value) => {
    const p = pair(value, unitOf(res));
    if (!p) throw bad(res, value);
    const [barrier, limit] = p;
    if (barrier !== null && (limit === null ? false : barrier > limit)) {
      throw new SetError(VZ_SETUBC_ERROR, `setubc: ${res} barrier ${barrier} exceeds its limit ${limit}: Invalid argument\n`);
    }
    const bc: SimBeancounter = res === 'swappages' ? ct.swappages : ct.ubc[res];
    bc.barrier = barrier;
    bc.limit = limit;
    return 'UB limits were set successfully';
  };
}

function intSetter(name: 'cpuunits' | 'cpulimit' | 'cpus' | 'ioprio', min: number, max: (m: SimNodeModel) => number, said: (v: number) => string): Setter {
  return (ct, value, model) => {
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max(model))) throw bad(name, value);
    ct[name] = n;
    return said(n);
  };
}

function vswapSetter(name: 'ram' | 'swap'): Setter {
  return (ct, value) => {
    const pages = parseNumber(value, PAGE);
    if (pages === undefined || pages === null || (name === 'ram' && pages < 256)) throw bad(name, value);
    const bc = name === 'ram' ? ct.ubc.physpages : ct.swappages;
    bc.barrier = 0;
    bc.limit = pages;
    if (name === 'ram') ct.vswap = true;
    return 'UB limits were set successfully';
  };
}

function quotaSetter(name: 'diskspace' | 'diskinodes'): Setter {
  return (ct, value) => {
    const p = pair(value, name === 'diskspace' ? 1024 : null);
    if (!p || p[0] === null || p[1] === null) throw bad(name, value);
    const q = ct[name];
    q.softlimit = p[0];
    q.hardlimit = p[1];
    return null;
  };
}

const SETTERS: Record<string, Setter> = {
  ...Object.fromEntries(UBC_RESOURCES.map((r) => [r, ubcSetter(r)])),
  swappages: ubcSetter('swappages'),
  cpuunits: intSetter('cpuunits', 8, () => 500000, (v) => `Setting CPU units: ${v}`),
  cpulimit: intSetter('cpulimit', 0, (m) => 100 * m.bogomips.length, (v) => `Setting CPU limit: ${v}`),
  cpus: intSetter('cpus', 1, (m) => m.bogomips.length, (v) => `Setting CPUs: ${v}`),
  ioprio: intSetter('ioprio', 0, () => 7, (v) => `Setting I/O priority: ${v}`),
  ram: vswapSetter('ram'),
  swap: vswapSetter('swap'),
  diskspace: quotaSetter('diskspace'),
  diskinodes: quotaSetter('diskinodes'),
};

/**
 * `args` are what follows `set`: the CT id, then options. All values are checked before any is
 * applied, as vzctl parses the whole command line first; a CT that is not running only gets its
 * config saved (the kernel has nothing to change).
 */
export function vzctlSet(model: SimNodeModel, args: string[]): CommandResult {
  const [id, ...opts] = args;
  if (id === undefined) return fail(VZ_INVALID_PARAMETER_VALUE, 'CT ID is not given\n');
  const ct = findContainer(model, id);
  if (!ct) return fail(VZ_INVALID_PARAMETER_VALUE, `Container ${id} does not exist\n`);
  const steps: [Setter, string][] = [];
  let save = false;
  for (let i = 0; i < opts.length; i++) {
    const opt = opts[i]!;
    if (opt === '--save') { save = true; continue; }
    const name = opt.startsWith('--') ? opt.slice(2) : null;
    const setter = name !== null ? SETTERS[name] : undefined;
    if (!setter) return fail(VZ_INVALID_PARAMETER_SYNTAX, `vzctl: unrecognized option '${opt}'\n`);
    const value = opts[++i];
    if (value === undefined) return fail(VZ_INVALID_PARAMETER_SYNTAX, `vzctl: option '${opt}' requires an argument\n`);
    steps.push([setter, value]);
  }
  if (steps.length === 0) return fail(VZ_INVALID_PARAMETER_SYNTAX, 'Nothing to set\n');
  // Parse and apply to a copy first: one bad value leaves the CT as it was.
  const copy = structuredClone(ct);
  const said: string[] = [];
  try {
    for (const [setter, value] of steps) {
      const line = setter(copy, value, model);
      if (line && ct.status === 'running' && !said.includes(line)) said.push(line);
    }
  } catch (err) {
    if (err instanceof SetError) return fail(err.code, err.message);
    throw err;
  }
  Object.assign(ct, copy);
  if (save) said.push(`Saved parameters for CT ${ct.ctid}`);
  else said.push('WARNING: Settings were not saved to the container config and will be lost after the restart. Use --save flag to save them.');
  return ok(`${said.join('\n')}\n`);
}
