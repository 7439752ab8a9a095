/**
 * vzcpucheck (FORMATS §7, vzctl ≥ 3.0.17): utilization = Σ units of every scheduler node (CT0
 * included, running CTs only), power = Σ bogomips × 25. `-v` lists the nodes first.
 */
import { nodePower, type SimNodeModel } from '../model';
import { runningCpuunits } from './cpu';

export const VZCPUCHECK_VERBOSE_HEADER = 'VEID\t\tCPUUNITS\n-------------------------\n';

export function cpuSchedulerNodes(model: SimNodeModel): { id: number; units: number }[] {
  return [
    { id: 0, units: runningCpuunits(model.ve0cpuunits) },
    ...model.containers.filter((ct) => ct.status === 'running').map((ct) => ({ id: ct.ctId, units: runningCpuunits(ct.cpuunits) })),
  ];
}

export function renderVzcpucheck(model: SimNodeModel, opts: { verbose: boolean }): string {
  const nodes = cpuSchedulerNodes(model);
  const utilization = nodes.reduce((sum, n) => sum + n.units, 0);
  const power = nodePower(model);
  let out = opts.verbose ? VZCPUCHECK_VERBOSE_HEADER + nodes.map((n) => `${n.id}\t\t${n.units}\n`).join('') : '';
  out += `Current CPU utilization: ${utilization}\nPower of the node: ${power}\n`;
  if (utilization > power) out += 'Warning: hardware node is overcommitted\n';
  return out;
}
