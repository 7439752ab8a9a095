import type { CtAction } from '../../vocabulary/ct-action';
import { parseCtStatus } from '../openvz/ct-status';
import { OpenvzParseError } from '../openvz/errors';
import { splitSections } from '../ssh/split-sections';
import { CT_PROBE_SECTIONS, type NodeGeneration } from './commands';

/** What one probe (buildCtProbe) tells about a CT and its node. Pure data. */
export interface CtProbe {
  kernel: string | null;
  /** OpenVZ 7 kernels carry `vz7` in their release (3.10.0-1160.80.1.vz7.191.4); any other is legacy. */
  generation: NodeGeneration | null;
  /** vzlist's word read back with `vzctl status`: running, stopped, mounted, suspended, paused, deleted; null = unread. */
  status: string | null;
  /** Why the status could not be read (the tool failed or printed something else). */
  statusError: string | null;
  /** Legacy checkpointing: vzcpt and vzrst both loaded. */
  cptLoaded: boolean;
}

export function parseCtProbe(stdout: Buffer | string, token: string): CtProbe {
  const s = splitSections(stdout, token, CT_PROBE_SECTIONS, 'ct-probe').sections;
  const kernel = s.kernel?.exitCode === 0 ? s.kernel.text.trim().slice(0, 200) || null : null;
  const modules = new Set((s.modules?.exitCode === 0 ? s.modules.text : '').split('\n').map((l) => l.split(' ')[0]));
  let status: string | null = null;
  let statusError: string | null = null;
  if (!s.status) statusError = 'vzctl status printed nothing';
  else if (s.status.exitCode !== 0) statusError = `vzctl status exited with ${s.status.exitCode}`;
  else {
    try {
      const st = parseCtStatus(s.status.text);
      status = st.exists ? st.status : 'deleted';
    } catch (err) {
      if (!(err instanceof OpenvzParseError)) throw err;
      statusError = `vzctl status: ${err.message}`;
    }
  }
  return { kernel, generation: kernel === null ? null : /vz7/.test(kernel) ? 'vz7' : 'legacy', status, statusError, cptLoaded: modules.has('vzcpt') && modules.has('vzrst') };
}

/** Suspend/resume need checkpointing: OpenVZ 7 has it (CRIU), legacy only with vzcpt and vzrst loaded. */
export function canCheckpoint(p: Pick<CtProbe, 'generation' | 'cptLoaded'>): boolean {
  return p.generation === 'vz7' || (p.generation === 'legacy' && p.cptLoaded);
}

/** The actions that make sense from a CT's status on this node; the page offers these, the server refuses others. */
export function allowedCtActions(status: string | null, checkpoint: boolean): CtAction[] {
  switch (status) {
    case 'running':
      return checkpoint ? ['stop', 'restart', 'suspend'] : ['stop', 'restart'];
    case 'stopped':
    case 'mounted':
      return ['start'];
    case 'suspended':
      return checkpoint ? ['resume'] : [];
    default:
      return [];
  }
}
