import { z } from 'zod';
import { CT_ACTIONS, type CtAction } from '../../vocabulary/ct-action';
import { ctIdSchema } from '../../vocabulary/ct-id';
import { sectionMarker } from '../ssh/commands';

/**
 * The fixed command templates of CT actions and the process list. Every part is validated before
 * anything is built: the action and generation come from closed lists, the CT id from the one
 * CT-id grammar, `fast` is a boolean. Nothing a person typed reaches the shell as text.
 *
 * Sources (see docs/openvz/CT-ACTIONS.md): legacy vzctl 3.x/4.x (github.com/kolyshkin/vzctl:
 * src/vzctl.c takes `chkpnt`/`restore`, 4.x also `suspend`/`resume` as their aliases;
 * `stop --fast` kills instead of halting), OpenVZ 7 prlctl (github.com/OpenVZ/prlctl:
 * src/PrlVm.cpp start/stop/restart/suspend/resume, src/CmdParam.cpp `--fast` = `--kill`).
 */

export const nodeGenerationSchema = z.enum(['legacy', 'vz7']);
export type NodeGeneration = z.infer<typeof nodeGenerationSchema>;

export const ctActionParamsSchema = z.object({
  generation: nodeGenerationSchema,
  ctId: ctIdSchema,
  action: z.enum(CT_ACTIONS),
  /** stop only: kill the CT's processes instead of a clean shutdown from inside. */
  fast: z.boolean().default(false),
}).strict().refine((p) => !p.fast || p.action === 'stop', { message: '--fast is an option of stop only', path: ['fast'] });
export type CtActionParams = z.input<typeof ctActionParamsSchema>;

/**
 * Legacy uses `chkpnt`/`restore` rather than 4.x's `suspend`/`resume`: vzctl 3.0 knows only the
 * former, 4.x treats them the same (src/vzctl.c). OpenVZ 7 uses prlctl, the tool its docs name.
 */
const LEGACY_VERB: Record<CtAction, string> = { start: 'start', stop: 'stop', restart: 'restart', suspend: 'chkpnt', resume: 'restore' };

export function buildCtAction(p: CtActionParams): string {
  const { generation, ctId, action, fast } = ctActionParamsSchema.parse(p);
  const tool = generation === 'legacy' ? `vzctl ${LEGACY_VERB[action]}` : `prlctl ${action}`;
  return [tool, ctId, fast ? '--fast' : null].filter((x): x is string => x !== null).join(' ');
}

/** What the runner reads before and after an action, in one exec, each section with its exit code. */
export const CT_PROBE_SECTIONS = ['kernel', 'status', 'modules'] as const;
export type CtProbeSection = (typeof CT_PROBE_SECTIONS)[number];

/**
 * `uname -r` (the generation: OpenVZ 7 kernels carry `vz7`), `vzctl status <ct>` (both
 * generations have it; the state read back), `/proc/modules` (legacy checkpointing needs vzcpt and
 * vzrst). Same marker scheme as the collect script: `token` from newSectionToken(), fresh per probe.
 */
export function buildCtProbe(ctId: string, token: string): string {
  const ct = ctIdSchema.parse(ctId);
  const mark = sectionMarker(token);
  const commands: Record<CtProbeSection, string> = { kernel: 'uname -r', status: `vzctl status ${ct}`, modules: 'cat /proc/modules' };
  return CT_PROBE_SECTIONS.map((s) => `echo '${mark} begin ${s}'; ${commands[s]}; echo "${mark} end ${s} $?"`).join('; ');
}

/**
 * The columns vzps is asked for, `comm` last: a process name is the customer's text (it may hold
 * spaces), and only the last column can take it whole. `uid`, not `user`: numbers, no name lookup
 * on the node's passwd for ids that belong to the CT.
 */
export const VZPS_FIELDS = ['pid', 'uid', 'rss', 'vsz', 'pcpu', 'time', 'comm'] as const;

/**
 * `vzps -E <ct> -o …`: the CT's processes as the node's kernel sees them, read on the node — no
 * binary ever runs inside the customer's container.
 */
export function buildVzps(ctId: string): string {
  return `vzps -E ${ctIdSchema.parse(ctId)} -o ${VZPS_FIELDS.join(',')}`;
}
