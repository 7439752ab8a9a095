/**
 * OpenVZ 7's `prlctl set <ct> --cpuunits N | --cpulimit N | --cpus N | --ioprio N | --memsize MiB |
 * --swappages N[KMG]` on the simulated node: changes the model so the next poll prints it.
 * Bad values answer as prlctl does: the message on stderr, exit 255.
 */
import type { SimContainer, SimNodeModel } from '../world/model';
import { fail, ok, type CommandResult } from './types';

const PRLCTL_ERROR = 255;
const PAGE = 4096;

const invalid = (opt: string, value: string) => fail(PRLCTL_ERROR, `Invalid value for ${opt}: ${value}\n`);

type Apply = (ct: SimContainer, value: string, model: SimNodeModel) => boolean;

const whole = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : NaN);
function sizeMiB(v: string): number {
  const m = /^(\d{1,9})([KMG])?$/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'K' ? n / 1024 : m[2] === 'G' ? n * 1024 : n;
}

const APPLY: Record<string, Apply> = {
  cpuunits: (ct, v) => { const n = whole(v); if (!(n >= 8 && n <= 500000)) return false; ct.cpuunits = n; return true; },
  cpulimit: (ct, v, m) => { const n = whole(v); if (!(n >= 0 && n <= 100 * m.bogomips.length)) return false; ct.cpulimit = n; return true; },
  cpus: (ct, v, m) => { const n = whole(v); if (!(n >= 1 && n <= m.bogomips.length)) return false; ct.cpus = n; return true; },
  ioprio: (ct, v) => { const n = whole(v); if (!(n >= 0 && n <= 7)) return false; ct.ioprio = n; return true; },
  memsize: (ct, v) => { const n = whole(v); if (!(n >= 1)) return false; ct.ubc.physpages.barrier = 0; ct.ubc.physpages.limit = (n * 2 ** 20) / PAGE; return true; },
  swappages: (ct, v) => { const n = sizeMiB(v); if (!(n >= 0)) return false; ct.swappages.barrier = 0; ct.swappages.limit = Math.floor((n * 2 ** 20) / PAGE); return true; },
};

/** `rest` = what follows `set`: the CT (name, UUID or id, found by `find`) and its options. */
export function prlctlSet(model: SimNodeModel, rest: string[], find: (id: string) => SimContainer | undefined): CommandResult {
  const [id, ...opts] = rest;
  if (id === undefined) return fail(PRLCTL_ERROR, 'prlctl set <ID | NAME> [options]\n');
  const ct = find(id);
  if (!ct) return fail(PRLCTL_ERROR, `Failed to get VM config: The virtual machine could not be found.\nUnable to find the CT ${id}\n`);
  const copy = structuredClone(ct);
  const said: string[] = [];
  for (let i = 0; i < opts.length; i += 2) {
    const opt = opts[i]!;
    const apply = opt.startsWith('--') ? APPLY[opt.slice(2)] : undefined;
    if (!apply) return fail(PRLCTL_ERROR, `Unrecognized option: ${opt}\n`);
    const value = opts[i + 1];
    if (value === undefined) return fail(PRLCTL_ERROR, `Missing value for ${opt}\n`);
    if (!apply(copy, value, model)) return invalid(opt, value);
    said.push(`Set ${opt.slice(2)}: ${value}`);
  }
  if (said.length === 0) return fail(PRLCTL_ERROR, 'prlctl set <ID | NAME> [options]\n');
  Object.assign(ct, copy);
  return ok(`Configure the CT ${ct.name ?? ct.ctid}...\n${said.join('\n')}\nThe CT has been successfully configured.\n`);
}
