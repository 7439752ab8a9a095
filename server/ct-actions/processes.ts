import { resolveSshTarget } from '../collector/collect-node';
import { findNode } from '../inventory/nodes';
import { OpenvzParseError } from '../openvz/errors';
import { parseVzps, topProcesses, type VzpsProcess } from '../openvz/vzps';
import { nodePoolKey } from '../ssh/pool';
import { buildVzps } from './commands';
import type { CtActionDeps } from './deps';

/**
 * A CT of tens of thousands of processes prints about 60 bytes each: 4 MiB holds ~70 000 of them.
 * Past it the read fails with a clear reason rather than filling memory.
 */
export const VZPS_MAX_STDOUT = 4 * 1024 * 1024;
/** Rows shown per table. */
export const TOP_PROCESSES = 15;

export interface CtProcesses {
  readAt: Date;
  /** Processes the CT has (0 when it is not running). */
  count: number;
  totalRssKb: number;
  byMemory: VzpsProcess[];
  byCpu: VzpsProcess[];
}

/**
 * The CT's top processes by resident memory and by CPU, read on the node with vzps — nothing runs
 * inside the customer's container. vzps exits 1 when the CT has no process (the header alone).
 */
export async function readCtProcesses(deps: Pick<CtActionDeps, 'db' | 'ssh' | 'secret' | 'agentSocket' | 'commandTimeoutMs' | 'clock'>, nodeId: number, ctId: string): Promise<CtProcesses> {
  const node = await findNode(deps.db, nodeId);
  const target = await resolveSshTarget(node, deps);
  const r = await deps.ssh.exec(nodePoolKey(node.id), target, buildVzps(ctId), deps.commandTimeoutMs, { maxStdoutBytes: VZPS_MAX_STDOUT, maxStderrBytes: 64 * 1024 });
  if (r.code !== 0 && r.code !== 1) {
    throw new OpenvzParseError({ tool: 'vzps', lineNumber: 0, line: r.stderr.trim().split('\n')[0]?.slice(0, 300) ?? '', reason: `vzps exited with ${r.code}` });
  }
  const report = r.stdout.trim() === '' && r.code === 1 ? { ctId: null, processes: [] } : parseVzps(r.stdout);
  return {
    readAt: deps.clock(),
    count: report.processes.length,
    totalRssKb: report.processes.reduce((s, p) => s + p.rssKb, 0),
    byMemory: topProcesses(report, 'memory', TOP_PROCESSES),
    byCpu: topProcesses(report, 'cpu', TOP_PROCESSES),
  };
}
