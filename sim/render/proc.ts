/** Small /proc files and one-line tool outputs of the simulated node. */
import type { SimContainer, SimNodeModel } from '../model';

export function renderLoadavg(model: SimNodeModel): string {
  const procs = [model.ct0, ...model.containers.filter((c) => c.status === 'running').map((c) => c.ubc)].reduce(
    (s, u) => s + u.numproc.held,
    0,
  );
  const runnable = Math.max(1, Math.min(procs, Math.round(model.loadavg[0])));
  return `${model.loadavg.map((l) => l.toFixed(2)).join(' ')} ${runnable}/${procs} ${model.lastPid}\n`;
}

export function renderUptime(model: SimNodeModel): string {
  return `${model.uptimeSec.toFixed(2)} ${model.idleSec.toFixed(2)}\n`;
}

/** /proc/vz/veinfo: id R10, class R5, nproc R5, then each IP as a space plus R15. CT0 included. */
export function renderVeinfo(model: SimNodeModel): string {
  const line = (id: number, cls: number, nproc: number, ips: readonly string[]) =>
    `${String(id).padStart(10)} ${String(cls).padStart(5)} ${String(nproc).padStart(5)}${ips.map((ip) => ` ${ip.padStart(15)}`).join('')}\n`;
  const cts = model.containers.filter((c) => c.status === 'running');
  return cts.map((c) => line(c.ctId, 2, c.ubc.numproc.held, c.ips)).join('') + line(0, 0, model.ct0.numproc.held, []);
}

export function renderCpuinfo(model: SimNodeModel): string {
  const cores = model.bogomips.length;
  return model.bogomips
    .map((bogo, i) =>
      [
        `processor\t: ${i}`,
        'vendor_id\t: GenuineIntel',
        'cpu family\t: 6',
        'model\t\t: 44',
        `model name\t: ${model.cpuModel}`,
        'stepping\t: 2',
        `cpu MHz\t\t: ${model.cpuMhz.toFixed(3)}`,
        'cache size\t: 12288 KB',
        `physical id\t: ${i < cores / 2 ? 0 : 1}`,
        `siblings\t: ${Math.max(1, cores / 2)}`,
        `core id\t\t: ${i % Math.max(1, cores / 2)}`,
        `cpu cores\t: ${Math.max(1, cores / 2)}`,
        `apicid\t\t: ${i}`,
        'fpu\t\t: yes',
        'fpu_exception\t: yes',
        'cpuid level\t: 11',
        'wp\t\t: yes',
        'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon pebs bts rep_good xtopology nonstop_tsc aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 cx16 xtpr pdcm pcid dca sse4_1 sse4_2 popcnt aes lahf_lm ida arat epb dts tpr_shadow vnmi flexpriority ept vpid',
        `bogomips\t: ${bogo}`,
        'clflush size\t: 64',
        'cache_alignment\t: 64',
        'address sizes\t: 40 bits physical, 48 bits virtual',
        'power management:',
        '',
      ].join('\n') + '\n',
    )
    .join('');
}

/** `vzctl status <id>` (vzctl 4.x): `CTID <id> exist|deleted mounted|unmounted running|down`. */
export function renderVzctlStatus(ctId: number, ct: SimContainer | undefined): string {
  if (!ct) return `CTID ${ctId} deleted unmounted down\n`;
  return ct.status === 'running' ? `CTID ${ctId} exist mounted running\n` : `CTID ${ctId} exist unmounted down\n`;
}
