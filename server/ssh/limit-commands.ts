import { z } from 'zod';
import { ctIdSchema } from '../../vocabulary/ct-id';
import { QUOTA_PARAMS, SCALAR_PARAMS, UBC_PARAMS, VSWAP_PARAMS, type LimitChange } from '../openvz/limits/params';

/**
 * The one template that changes a container's limits on a node (docs/openvz/LIMITS.md §3):
 *   legacy:     vzctl set <ct> --<param> <barrier>:<limit> --save    (and --cpuunits N, --ram NM, --diskspace S:H …)
 *   OpenVZ 7:   prlctl set <ct> --cpuunits N | --cpulimit N | --cpus N | --ioprio N | --memsize N | --swappages NM
 *               vzctl set <ct> --<counter> <b>:<l> --save, --diskspace S:H --save (prlctl has no beancounter options)
 * Every part is a fixed word or digits checked here: the parameter from a closed list, the CT id
 * by the one grammar, values whole numbers. Nothing typed reaches the shell as text.
 */

const whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const wholeOrUnlimited = whole.nullable();

export const limitChangeSchema = z.union([
  z.object({ param: z.enum(UBC_PARAMS), barrier: wholeOrUnlimited, limit: wholeOrUnlimited }).strict(),
  z.object({ param: z.enum(SCALAR_PARAMS), value: whole }).strict(),
  z.object({ param: z.enum(VSWAP_PARAMS), bytes: whole }).strict(),
  z.object({ param: z.enum(QUOTA_PARAMS), soft: whole, hard: whole }).strict(),
]);

export const limitSetSchema = z.object({ generation: z.enum(['legacy', 'vz7']), ctId: ctIdSchema, change: limitChangeSchema });
export type LimitSet = z.infer<typeof limitSetSchema>;

/** vzctl reads `unlimited` as LONG_MAX; a number is written in plain digits. */
const value = (v: number | null) => (v === null ? 'unlimited' : String(v));
/** --ram/--swap and prlctl's sizes take a unit suffix; whole MiB, rounded up so a change never shrinks below what was asked. */
const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);

function vzctlArgs(change: LimitChange): string[] {
  if ('barrier' in change) return [`--${change.param}`, `${value(change.barrier)}:${value(change.limit)}`];
  if ('value' in change) return [`--${change.param}`, String(change.value)];
  if ('bytes' in change) return [`--${change.param}`, `${mib(change.bytes)}M`];
  return [`--${change.param}`, `${change.soft}:${change.hard}`];
}

function prlctlArgs(change: LimitChange): string[] | null {
  if ('value' in change) return [`--${change.param}`, String(change.value)];
  if ('bytes' in change) return change.param === 'ram' ? ['--memsize', String(mib(change.bytes))] : ['--swappages', `${mib(change.bytes)}M`];
  return null;
}

/** The command for one change; throws (zod) on anything outside the grammar, before a string exists. */
export function buildLimitSet(input: LimitSet): string {
  const { generation, ctId, change } = limitSetSchema.parse(input);
  if (generation === 'vz7') {
    const prl = prlctlArgs(change as LimitChange);
    if (prl) return ['prlctl', 'set', ctId, ...prl].join(' ');
  }
  return ['vzctl', 'set', ctId, ...vzctlArgs(change as LimitChange), '--save'].join(' ');
}
