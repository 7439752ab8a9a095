import { resolveSshTarget } from '../collector/collect-node';
import type { NodeRow } from '../inventory/nodes';
import { newSectionToken } from '../ssh/commands';
import { nodePoolKey } from '../ssh/pool';
import { buildCtProbe } from './commands';
import type { CtActionDeps } from './deps';
import { parseCtProbe, type CtProbe } from './probe';

/** Stdout of a probe is three short sections; anything past this is a node gone wrong. */
const PROBE_MAX_STDOUT = 256 * 1024;

/** Kernel, `vzctl status <ct>` and /proc/modules of the CT's node, in one exec. SSH failures throw (SshError). */
export async function fetchCtProbe(deps: CtActionDeps, node: NodeRow, ctId: string): Promise<CtProbe> {
  const target = await resolveSshTarget(node, deps);
  const token = newSectionToken();
  const r = await deps.ssh.exec(nodePoolKey(node.id), target, buildCtProbe(ctId, token), deps.commandTimeoutMs, { maxStdoutBytes: PROBE_MAX_STDOUT, maxStderrBytes: 64 * 1024 });
  return parseCtProbe(r.stdoutBytes, token);
}
