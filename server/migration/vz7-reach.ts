import { resolveSshTarget } from '../collector/collect-node';
import type { NodeRow } from '../inventory/nodes';
import { buildSshReachCheck } from '../ssh/prlctl-migrate-command';
import { nodePoolKey } from '../ssh/pool';
import type { MigrationDeps } from './deps';

/** Longest ssh's own reason kept for the pre-check (it is node text: bounded, shown as text). */
const MAX_REASON = 300;

/** `ssh -o BatchMode=yes <target> true` on the source: what prlctl migrate needs first. Never throws. */
export async function runSshReach(deps: MigrationDeps, src: NodeRow, dst: NodeRow): Promise<{ code: number | null; error: string | null }> {
  try {
    const target = await resolveSshTarget(src, deps);
    const r = await deps.ssh.exec(nodePoolKey(src.id), target, buildSshReachCheck({ targetHost: dst.host, targetPort: dst.port }), Math.max(deps.commandTimeoutMs, 15_000));
    const said = r.stderr.trim().split('\n').at(-1)?.slice(0, MAX_REASON) ?? '';
    return { code: r.code, error: r.code === 0 ? null : said || `ssh exited with ${r.code}` };
  } catch (err) {
    return { code: null, error: err instanceof Error ? err.message : String(err) };
  }
}
