/**
 * vzcpucheck (FORMATS §7): utilization = Σ units of every scheduler node (CT0 included, running CTs
 * only), power = Σ bogomips × 25. `-v` lists the nodes first, under the header of the generation:
 * legacy vzctl ≥ 3.0.17 `VEID<TAB><TAB>CPUUNITS` and 25 dashes; OpenVZ 7 `veid<TAB><TAB>units` and
 * 23 dashes, and its warning spells "overcommited".
 */
import { nodePower, type SimNodeModel } from '../world/model';
import { runningCpuunits } from './cpu';

export const VZCPUCHECK_VERBOSE_HEADER = 'VEID\t\tCPUUNITS\n-------------------------\n';
export const VZCPUCHECK_VERBOSE_HEADER_VZ7 = 'veid\t\tunits\n-----------------------\n';

export function cpuSchedulerNodes(model: SimNodeModel): { id: string; units: number }[] {
  return [
    { id: '0', units: runningCpuunits(model.ve0cpuunits) },
    ...model.containers.filter((ct) => ct.status === 'running').map((ct) => ({ id: ct.ctid, units: runningCpuunits(ct.cpuunits) })),
  ];
}

export function renderVzcpucheck(model: SimNodeModel, opts: { verbose: boolean }): string {
  const vz7 = model.generation === 'vz7';
  const nodes = cpuSchedulerNodes(model);
  const utilization = nodes.reduce((sum, n) => sum + n.units, 0);
  const power = nodePower(model);
  const header = vz7 ? VZCPUCHECK_VERBOSE_HEADER_VZ7 : VZCPUCHECK_VERBOSE_HEADER;
  let out = opts.verbose ? header + nodes.map((n) => `${n.id}\t\t${n.units}\n`).join('') : '';
  out += `Current CPU utilization: ${utilization}\nPower of the node: ${power}\n`;
  if (utilization > power) out += `Warning: hardware node is ${vz7 ? 'overcommited' : 'overcommitted'}\n`;
  return out;
}
