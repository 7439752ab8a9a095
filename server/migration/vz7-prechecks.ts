import type { NodeGeneration } from './migration-tool';
import type { Precheck } from './prechecks';

/** What the OpenVZ 7 pre-checks add to the shared facts (gathered by vz7-reach.ts and the probes). */
export interface Vz7PrecheckFacts {
  ctId: string;
  online: boolean;
  sourceName: string;
  targetName: string;
  targetGeneration: NodeGeneration | null;
  /** `ssh -o BatchMode=yes <target> true` on the source; null = not run (a node did not answer). */
  reach: { code: number | null; error: string | null } | null;
  /** The CT's status on the source (vzlist), null when unknown. */
  ctStatus: string | null;
}

const replace = (checks: Precheck[], next: Precheck): Precheck[] => checks.map((c) => (c.id === next.id ? next : c));

/**
 * The shared pre-checks (prechecks.ts) fitted to a source running OpenVZ 7, where `prlctl migrate`
 * replaces vzmigrate: there is no `--check-only` and no vzcpt/vzrst module to look for. Instead:
 * - the source must open the target with ssh in BatchMode (prlctl 7.0 gets its session that way);
 * - the target must run OpenVZ 7 too (a prl-disp-service to talk to; CRIU does the checkpoint);
 * - a running CT can only move live: prlctl has no stop-and-start mode.
 * Pure: the rest of the list (disk, memory, CPU, CT id free, active job) is kept as it is.
 */
export function applyVz7Prechecks(checks: readonly Precheck[], f: Vz7PrecheckFacts): Precheck[] {
  let out = [...checks];
  const ssh = 'Source can SSH to the target';
  if (!f.reach) out = replace(out, { id: 'ssh-to-target', label: ssh, ok: false, reason: 'not checked: a node did not answer' });
  else if (f.reach.code === 0) out = replace(out, { id: 'ssh-to-target', label: ssh, ok: true, reason: `${f.sourceName} reaches ${f.targetName} with its key (ssh BatchMode, as prlctl migrate does)` });
  else out = replace(out, { id: 'ssh-to-target', label: ssh, ok: false, reason: f.reach.error ?? `ssh exited with ${f.reach.code ?? 'no status'}` });

  const label = 'OpenVZ 7 migration (prlctl, CRIU)';
  if (f.targetGeneration === 'vz7') out = replace(out, { id: 'cpt-modules', label, ok: true, reason: 'both nodes run OpenVZ 7: prlctl migrate checkpoints with CRIU, no vzcpt/vzrst modules needed' });
  else if (f.targetGeneration === 'legacy') out = replace(out, { id: 'cpt-modules', label, ok: false, reason: `${f.targetName} runs legacy OpenVZ: prlctl cannot migrate there (no prl-disp-service)` });
  else out = replace(out, { id: 'cpt-modules', label, ok: false, reason: 'not checked: target did not answer' });

  if (!f.online && f.ctStatus === 'running') {
    out = replace(out, { id: 'ct-state', label: 'Container state', ok: false, reason: 'running: prlctl migrate moves a running CT live (it has no offline mode); choose live, or stop the CT first' });
  }
  return out;
}
