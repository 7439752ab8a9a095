import { z } from 'zod';
import type { TargetFit } from './fit';
import { describePromiseLimit, type PlacementLimits } from './limits';
import type { NodeProbe } from './probe';

export const PRECHECK_IDS = [
  'reachable', 'ssh-to-target', 'ct-id-free', 'disk', 'memory', 'cpu', 'cpt-modules', 'ct-state', 'no-active-job',
] as const;
export type PrecheckId = (typeof PRECHECK_IDS)[number];

export const precheckSchema = z.object({
  id: z.enum(PRECHECK_IDS),
  label: z.string(),
  ok: z.boolean(),
  reason: z.string(),
});
export type Precheck = z.infer<typeof precheckSchema>;

/** Everything the pre-checks look at, gathered by gather.ts; evaluated here without I/O. */
export interface PrecheckFacts {
  ctId: string;
  online: boolean;
  ctDiskKb: number;
  source: { name: string; probe: NodeProbe | null; error: string | null };
  target: { name: string; probe: NodeProbe | null; error: string | null };
  /** `vzmigrate --check-only` on the source: its exit code and last error line; null = not run. */
  checkOnly: { code: number | null; error: string | null } | null;
  /** The target's figures after the move (fit.ts). */
  fit: Pick<TargetFit, 'target'>;
  /** Id of a job of this CT that is still active, if any. */
  activeJobId: string | null;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const mib = (kb: number) => `${Math.round(kb / 1024)} MiB`;
/** vzmigrate's exit code for "cannot ssh to the destination". */
const EXIT_CANT_CONNECT = 4;

export function evaluatePrechecks(f: PrecheckFacts, t: PlacementLimits): Precheck[] {
  const checks: Precheck[] = [];
  const add = (id: PrecheckId, label: string, ok: boolean, reason: string) => checks.push({ id, label, ok, reason });
  const src = f.source.probe;
  const dst = f.target.probe;

  const unreachable = [f.source.probe ? null : `${f.source.name}: ${f.source.error ?? 'no answer'}`, f.target.probe ? null : `${f.target.name}: ${f.target.error ?? 'no answer'}`].filter(Boolean);
  add('reachable', 'Source and target reachable', unreachable.length === 0, unreachable.length === 0 ? 'both nodes answered' : unreachable.join('; '));

  if (!f.checkOnly) add('ssh-to-target', 'Source can SSH to the target', false, 'not checked: a node did not answer');
  else if (f.checkOnly.code === EXIT_CANT_CONNECT) add('ssh-to-target', 'Source can SSH to the target', false, f.checkOnly.error ?? "vzmigrate can't connect to the target");
  else if (f.checkOnly.code === 2 && f.online) add('ssh-to-target', 'Source can SSH to the target', false, 'not checked: vzmigrate stops before it for a stopped CT');
  else add('ssh-to-target', 'Source can SSH to the target', true, `${f.source.name} reaches ${f.target.name} with its key`);

  if (!dst) add('ct-id-free', `CT ${f.ctId} free on the target`, false, 'not checked: target did not answer');
  else add('ct-id-free', `CT ${f.ctId} free on the target`, !dst.cts.has(f.ctId), dst.cts.has(f.ctId) ? `CT ${f.ctId} already exists on ${f.target.name}` : 'free');

  if (!dst || dst.diskFreeKb === null) add('disk', 'Enough disk on the target', false, 'not checked: free space of /vz unknown');
  else {
    const left = dst.diskFreeKb - f.ctDiskKb;
    add('disk', 'Enough disk on the target', left >= t.diskReserveKb, `${mib(dst.diskFreeKb)} free, the CT uses ${mib(f.ctDiskKb)}; ${mib(left)} would be left (reserve ${mib(t.diskReserveKb)})`);
  }

  // Memory: what the target must carry (in use) and what it promises, each against its limit (limits.ts).
  const { before, after } = f.fit.target;
  add(
    'memory',
    'Target memory within the limits',
    after.memInUse <= t.memInUse && after.mem <= t.memPromise,
    `in use ${pct(before.memInUse)} → ${pct(after.memInUse)} of RAM + swap (limit ${pct(t.memInUse)}); promised ${pct(before.mem)} → ${pct(after.mem)} (limit ${describePromiseLimit(t)})`,
  );
  add('cpu', 'Target CPU guarantees within the node\'s power', after.cpu <= t.cpuGuarantee, `${pct(before.cpu)} → ${pct(after.cpu)} of the node's power (limit ${pct(t.cpuGuarantee)})`);

  if (!f.online) add('cpt-modules', 'Checkpoint/restore modules', true, 'not needed for an offline migration');
  else {
    const missing = [src && !src.cptLoaded ? `vzcpt/vzrst not loaded on ${f.source.name}` : null, dst && !dst.cptLoaded ? `vzcpt/vzrst not loaded on ${f.target.name}` : null, !src || !dst ? 'a node did not answer' : null].filter(Boolean);
    add('cpt-modules', 'Checkpoint/restore modules', missing.length === 0, missing.length === 0 ? 'loaded on both nodes' : missing.join('; '));
  }

  const status = src?.cts.get(f.ctId) ?? null;
  if (status === null) add('ct-state', 'Container state', false, src ? `CT ${f.ctId} is not on ${f.source.name}` : 'not checked: source did not answer');
  else if (f.online) add('ct-state', 'Container running', status === 'running', status === 'running' ? 'running' : `CT is ${status}: live migration needs it running (choose offline)`);
  else add('ct-state', 'Container state', true, `${status}; offline migration stops and restarts it if running`);

  add('no-active-job', 'No other migration of this CT', f.activeJobId === null, f.activeJobId === null ? 'none active' : `job ${f.activeJobId} is still active`);
  return checks;
}

export function allPassed(checks: readonly Precheck[]): boolean {
  return checks.every((c) => c.ok);
}
