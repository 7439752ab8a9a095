/**
 * /proc/meminfo of the node: `Label:` padded so the R8 value ends in column 24, then ` kB`.
 * RHEL6 (2.6.32) lines; RHEL5 (2.6.18) lacks the (anon)/(file) split and the later counters,
 * OpenVZ 7 (3.10) adds MemAvailable. Figures follow from the model: RAM in use = Σ physpages held
 * of every beancounter.
 */
import type { SimNodeModel } from '../world/model';

function kb(label: string, value: number): string {
  return `${`${label}:`.padEnd(16)}${String(Math.max(0, Math.round(value))).padStart(8)} kB`;
}

function count(label: string, value: number): string {
  return `${`${label}:`.padEnd(16)}${String(value).padStart(8)}`;
}

export function renderMeminfo(model: SimNodeModel): string {
  const running = model.containers.filter((ct) => ct.status === 'running');
  const all = [model.ct0, ...running.map((ct) => ct.ubc)];
  const sum = (f: (u: (typeof all)[number]) => number) => all.reduce((s, u) => s + f(u), 0);
  const total = model.memTotalKb;
  const used = Math.min(total * 0.96, sum((u) => u.physpages.held) * 4);
  const slab = Math.min(total * 0.05, sum((u) => u.kmemsize.held + u.dcachesize.held) / 1024);
  const cached = used * 0.38;
  const anon = used - cached;
  const buffers = total * 0.012;
  const free = Math.max(total * 0.01, total - used - slab - buffers);
  const swapUsed = Math.min(model.swapTotalKb, running.reduce((s, ct) => s + ct.swappages.held * 4, 0) + model.swapTotalKb * 0.02);
  const shmem = sum((u) => u.shmpages.held) * 4;
  const committed = sum((u) => u.privvmpages.held) * 4;
  const series = model.kernelSeries;
  const rows = [
    kb('MemTotal', total),
    kb('MemFree', free),
    ...(series === '3.10' ? [kb('MemAvailable', free + cached * 0.8 + buffers)] : []),
    kb('Buffers', buffers),
    kb('Cached', cached),
    kb('SwapCached', swapUsed * 0.1),
    kb('Active', anon * 0.7 + cached * 0.5),
    kb('Inactive', anon * 0.3 + cached * 0.5),
    kb('Active(anon)', anon * 0.7),
    kb('Inactive(anon)', anon * 0.3),
    kb('Active(file)', cached * 0.5),
    kb('Inactive(file)', cached * 0.5),
    kb('Unevictable', 0),
    kb('Mlocked', 0),
    kb('SwapTotal', model.swapTotalKb),
    kb('SwapFree', model.swapTotalKb - swapUsed),
    kb('Dirty', 1200 + (model.lastPid % 800)),
    kb('Writeback', 0),
    kb('AnonPages', anon),
    kb('Mapped', used * 0.05),
    kb('Shmem', shmem),
    kb('Slab', slab),
    kb('SReclaimable', slab * 0.7),
    kb('SUnreclaim', slab * 0.3),
    kb('KernelStack', sum((u) => u.numproc.held) * 8),
    kb('PageTables', used * 0.01),
    kb('NFS_Unstable', 0),
    kb('Bounce', 0),
    kb('WritebackTmp', 0),
    kb('CommitLimit', model.swapTotalKb + total / 2),
    kb('Committed_AS', committed),
    kb('VmallocTotal', 34359738367),
    kb('VmallocUsed', 342416),
    kb('VmallocChunk', 34359382396),
    `HardwareCorrupted:     0 kB`,
    kb('AnonHugePages', 0),
    count('HugePages_Total', 0),
    count('HugePages_Free', 0),
    count('HugePages_Rsvd', 0),
    count('HugePages_Surp', 0),
    kb('Hugepagesize', 2048),
    kb('DirectMap4k', 7680),
    kb('DirectMap2M', total - 7680 + 512000),
  ];
  const old = new Set(['Active(anon)', 'Inactive(anon)', 'Active(file)', 'Inactive(file)', 'Unevictable', 'Mlocked', 'Shmem', 'KernelStack', 'HardwareCorrupted', 'AnonHugePages', 'DirectMap4k', 'DirectMap2M']);
  const kept = series === '2.6.18' ? rows.filter((r) => !old.has(r.slice(0, r.indexOf(':')))) : rows;
  return kept.map((r) => `${r}\n`).join('');
}
