/** Small /proc files and one-line tool outputs of the simulated node. */
import type { SimContainer, SimNodeModel } from '../world/model';
import { lines } from './format';

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

/**
 * /proc/vz/veinfo (FORMATS §3): id R10, class R5, nproc R5, then each venet IP as a space plus R15.
 * Legacy prints the numeric veid (`%10u`), class 2 for CTs and 0 for the host (last); the OpenVZ 7
 * kernel prints the CT's name (`%10s`, so a UUID overflows), class 0, the host first.
 */
export function renderVeinfo(model: SimNodeModel): string {
  const line = (id: string, cls: number, nproc: number, ips: readonly string[]) =>
    `${id.padStart(10)} ${String(cls).padStart(5)} ${String(nproc).padStart(5)}${ips.map((ip) => ` ${ip.padStart(15)}`).join('')}\n`;
  const vz7 = model.generation === 'vz7';
  const cts = model.containers.filter((c) => c.status === 'running').map((c) => line(c.ctid, vz7 ? 0 : 2, c.ubc.numproc.held, c.ips));
  const host = line('0', 0, model.ct0.numproc.held, []);
  return vz7 ? host + cts.join('') : cts.join('') + host;
}

const VESTAT_WIDTH = 12 * 21;
const VESTAT_HEADER = ['VEID', 'user', 'nice', 'system', 'uptime', 'idle', 'strv', 'uptime', 'used', 'maxlat', 'totlat', 'numsched'];

/** Whole microseconds of `sec`, as a bigint (so nanosecond figures past 2^53 stay exact). */
const micros = (sec: number) => BigInt(Math.floor(sec * 1e6));

/**
 * /proc/vz/vestat, "Version: 2.2", 64-bit layout (FORMATS §2): the version line padded to 251
 * characters, then 12 columns of R20. One line per running CT; CT0 is not printed. Columns 6, 8
 * and 9 (idle, uptime, used) are nanoseconds on 2.6.32 and OpenVZ 7, CPU cycles on 2.6.18.
 * The OpenVZ 7 kernel prints the CT's name in the VEID column (`%20s`).
 */
export function renderVestat(model: SimNodeModel): string {
  const clock = model.kernelSeries === '2.6.18' ? BigInt(Math.round(model.cpuMhz)) : BigInt(1000);
  const out = ['Version: 2.2'.padEnd(VESTAT_WIDTH - 1), VESTAT_HEADER.map((h) => h.padStart(20)).join(' ')];
  for (const ct of model.containers) {
    if (ct.status !== 'running') continue;
    const usedMs = Math.floor(ct.cpuUsedSec * 1000);
    const uptimeClock = micros(ct.uptimeSec) * clock;
    const used = micros(ct.cpuUsedSec) * clock;
    const idle = ((uptimeClock - (used < uptimeClock ? used : uptimeClock)) * BigInt(975)) / BigInt(1000);
    const row = [
      model.generation === 'vz7' ? ct.ctid : String(ct.ctId),
      String(Math.floor(usedMs * 0.62)),
      String(Math.floor(usedMs * 0.0004)),
      String(Math.floor(usedMs * 0.3)),
      String(Math.floor(ct.uptimeSec * 1000)),
      String(idle),
      '0',
      String(uptimeClock),
      String(used),
      '0',
      '0',
      '0',
    ];
    out.push(row.map((v) => v.padStart(20)).join(' '));
  }
  return lines(out);
}

export function renderCpuinfo(model: SimNodeModel): string {
  const cores = model.bogomips.length;
  const half = Math.max(1, cores / 2);
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
        `siblings\t: ${half}`,
        `core id\t\t: ${i % half}`,
        `cpu cores\t: ${half}`,
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

/**
 * `vzctl status <id>` (FORMATS §11): legacy `CTID <id> exist|deleted mounted|unmounted running|down`
 * plus ` suspended` after `down` when a dump exists; OpenVZ 7 `VEID <id> …` with the state word
 * running, suspended or down.
 */
export function renderVzctlStatus(model: SimNodeModel, id: string, ct: SimContainer | undefined): string {
  const vz7 = model.generation === 'vz7';
  const prefix = vz7 ? 'VEID' : 'CTID';
  if (!ct) return `${prefix} ${id} deleted unmounted down\n`;
  const words: Record<SimContainer['status'], string> = {
    running: 'exist mounted running',
    mounted: 'exist mounted down',
    stopped: 'exist unmounted down',
    suspended: vz7 ? 'exist unmounted suspended' : 'exist unmounted down suspended',
  };
  return `${prefix} ${ct.ctid} ${words[ct.status]}\n`;
}

/** `uname -v` of the node's kernel build. */
export function kernelBuild(model: SimNodeModel): string {
  if (model.kernelSeries === '3.10') return '#1 SMP Mon Nov 21 17:37:23 MSK 2022';
  if (model.kernelSeries === '2.6.18') return '#1 SMP Tue Jan 24 17:10:08 MSK 2017';
  return '#1 SMP Fri Nov 15 21:20:55 MSK 2019';
}

/** /etc/redhat-release of the node's distribution. */
export function distroRelease(model: SimNodeModel): string {
  if (model.kernelSeries === '3.10') return 'Virtuozzo Linux release 7.8.0 (1015)';
  if (model.kernelSeries === '2.6.18') return 'CentOS release 5.11 (Final)';
  return 'CentOS release 6.10 (Final)';
}
