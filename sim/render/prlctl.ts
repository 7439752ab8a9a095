/**
 * OpenVZ 7 front-end tools (FORMATS §11, §13): `prlctl list` (table, -o, -H, -j, -L, -i) and
 * `prlctl status`, and `vznetstat`. Column positions are those of the real captures (samples
 * prlctl_list_* and vznetstat_*): UUID L39 (in braces), STATUS L12, IP_ADDR L15, T L2, the last
 * column unpadded; for -o: NAME L8, HOSTNAME L20, DIST L12 as in the (possibly condensed) capture.
 */
import type { CtStatus, SimContainer, SimNodeModel } from '../world/model';
import { lines } from './format';

export interface PrlctlField {
  name: string;
  header: string;
  /** Left-aligned width; the last column is never padded. */
  width: number;
  /** The values of a cell: lists (ip) keep only the first unless the column is last. */
  values(ct: SimContainer, model: SimNodeModel): string[];
  json(ct: SimContainer, model: SimNodeModel): string;
}

const q = (s: string) => `"${s}"`;
const one = (v: (ct: SimContainer, m: SimNodeModel) => string) => (ct: SimContainer, m: SimNodeModel) => [v(ct, m)];

/** What prlctl calls the CT: its NAME, or the CT id of a CT created with vzctl and a numeric id. */
export const prlName = (ct: SimContainer) => ct.name ?? ct.ctid;
const uuidOf = (ct: SimContainer) => ct.uuid ?? ct.ctid;
/** `OS:` / DIST: the template's distribution, e.g. centos7, ubuntu16, debian9. */
export const distOf = (ct: SimContainer) => {
  const m = /^([a-z]+)-(\d+)/.exec(ct.ostemplate);
  return m ? `${m[1]}${m[2]}` : 'linux';
};

function field(name: string, header: string, width: number, values: PrlctlField['values'], json?: PrlctlField['json']): PrlctlField {
  return { name, header, width, values, json: json ?? ((ct, m) => q(values(ct, m).join(' '))) };
}

/** In the order of `prlctl list -L` (sample prlctl_list_-L__openvz7__amet13vz.txt, reproduced as printed). */
export const PRLCTL_FIELDS: readonly PrlctlField[] = [
  field('uuid', 'UUID', 39, one((ct) => `{${uuidOf(ct)}}`), (ct) => q(uuidOf(ct))),
  field('envid', 'ENVID', 36, one((ct) => ct.ctid)),
  field('status', 'STATUS', 12, one((ct) => ct.status)),
  field('name', 'NAME', 8, one(prlName)),
  field('dist', 'DIST', 12, one(distOf)),
  field('owner', 'OWNER', 8, one(() => 'root')),
  field('system-flags', 'SYSTEM_FLAGS', 12, one(() => '-')),
  field('description', 'DESCRIPTION', 12, one(() => '-')),
  field('numproc', 'NPROC', 6, one((ct) => (ct.status === 'running' ? String(ct.ubc.numproc.held) : '-'))),
  field('ip', 'IP_ADDR', 15, (ct) => (ct.status === 'running' && ct.ips.length ? ct.ips : ['-'])),
  field('ip_configured', 'IP_ADDR', 15, (ct) => (ct.ips.length ? ct.ips : ['-'])),
  field('hostname', 'HOSTNAME', 20, one((ct) => ct.hostname)),
  field('netif', 'NETIF', 8, one(() => 'venet0')),
  field('mac', 'MAC', 17, one(() => '-')),
  field('features', 'FEATURES', 15, one(() => '-')),
  field('location', 'LOCATION', 32, one((ct) => `/vz/private/${ct.ctid}`)),
  field('iolimit', 'IOLIMIT', 8, one(() => '0')),
  field('netdev', 'NETDEV', 8, one(() => '-')),
  field('type', 'T', 2, one(() => 'CT')),
  field('ha_enable', 'HA_ENABLE', 9, one(() => 'yes')),
  field('ha_prio', 'HA_PRIO', 8, one(() => '0')),
];

export const PRLCTL_DEFAULT_FIELDS = ['uuid', 'status', 'ip_configured', 'type', 'name'] as const;

const BY_NAME = new Map(PRLCTL_FIELDS.map((f) => [f.name, f]));
export function findPrlctlField(name: string): PrlctlField | undefined {
  return BY_NAME.get(name);
}

export function renderPrlctlTable(model: SimNodeModel, cts: readonly SimContainer[], fields: readonly PrlctlField[], header: boolean): string {
  const row = (cells: string[][]) =>
    cells
      .map((vals, i) => (i === cells.length - 1 ? vals.join(' ') : (vals[0] ?? '-').padEnd(fields[i]!.width)))
      .join(' ')
      .trimEnd();
  const out = header ? [row(fields.map((f) => [f.header]))] : [];
  for (const ct of cts) out.push(row(fields.map((f) => f.values(ct, model))));
  return lines(out);
}

/** `prlctl list -j`: an array of objects, four-space indented, keys = field names. */
export function renderPrlctlJson(model: SimNodeModel, cts: readonly SimContainer[], fields: readonly PrlctlField[]): string {
  if (cts.length === 0) return '[]\n';
  const objects = cts.map((ct) => `    {\n${fields.map((f) => `        "${f.name}": ${f.json(ct, model)}`).join(',\n')}\n    }`);
  return `[\n${objects.join(',\n')}\n]\n`;
}

/** `prlctl list -L`, exactly as the capture lists it (`%-20s %s`, including its closing `-` line). */
export function renderPrlctlFieldList(): string {
  return lines([...PRLCTL_FIELDS.map((f) => `${f.name.padEnd(20)} ${f.header}`), `${'-'.padEnd(20)} -`]);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function stamp(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

const PRL_STATE: Record<CtStatus, string> = { running: 'running', stopped: 'stopped', mounted: 'mounted', suspended: 'suspended' };

/** `prlctl list -i <ct>`: `INFO`, then `Key: value` lines and the indented Hardware section. */
export function renderPrlctlInfo(model: SimNodeModel, ct: SimContainer, epochMs: number): string {
  const running = ct.status === 'running';
  const up = running ? Math.floor(ct.uptimeSec) : 0;
  const uptime = `${pad2(Math.floor(up / 3600))}:${pad2(Math.floor(up / 60) % 60)}:${pad2(up % 60)}`;
  const ramMb = Math.round((ct.ubc.physpages.limit ?? 0) / 256);
  const ips = ct.ips.map((ip) => `${ip}/255.255.255.0 `).join('');
  const cpu = `cpus=${ct.cpus ?? 'unlimited'} VT-x accl=high mode=32 cpuunits=${ct.cpuunits} ioprio=${ct.ioprio ?? 4}`;
  return lines([
    'INFO',
    `ID: {${uuidOf(ct)}}`,
    `EnvID: ${ct.ctid}`,
    `Name: ${prlName(ct)}`,
    'Description:',
    'Type: CT',
    `State: ${PRL_STATE[ct.status]}`,
    `OS: ${distOf(ct)}`,
    'Template: no',
    `Uptime: ${uptime} (since ${stamp(epochMs - up * 1000)})`,
    `Home: /vz/private/${ct.ctid}`,
    'Owner: root',
    'Effective owner: owner',
    'GuestTools: state=possibly_installed',
    `Autostart: ${ct.onboot ? 'on' : 'off'}`,
    'Autostop: suspend',
    'Autocompact: on',
    'Undo disks: off',
    'Boot order:',
    'EFI boot: off',
    'Allow select boot device: off',
    'External boot device:',
    'Remote display: mode=off address=0.0.0.0',
    'Remote display state: stopped',
    'Hardware:',
    `  cpu ${cpu}`,
    `  memory ${ramMb}Mb`,
    '  video 0Mb 3d acceleration=highest vertical sync=yes',
    '  memory_guarantee auto',
    `  hdd0 (+) image='/vz/private/${ct.ctid}/root.hdd' type='expanded' ${Math.round(ct.imageKb / 1024)}Mb mnt=/`,
    `  venet0 (+) type='routed' ips='${ips}'`,
    'Host Shared Folders: (-)',
    'Features:',
    'Encrypted: no',
    'Faster virtual machine: on',
    'Adaptive hypervisor: off',
    'Disabled Windows logo: on',
    'Auto compress virtual disks: on',
    'Nested virtualization: off',
    'PMU virtualization: off',
    'Offline management: (-)',
    `Hostname: ${ct.hostname}`,
    `DNS Servers: ${ct.nameservers.join(' ')}`,
    'Search Domains:',
  ]);
}

/** `prlctl status <ct>`: `CT <name> exist <state>`. */
export function renderPrlctlStatus(ct: SimContainer): string {
  return `CT ${prlName(ct)} exist ${PRL_STATE[ct.status]}\n`;
}

interface Traffic {
  inBytes: number;
  inPkts: number;
  outBytes: number;
  outPkts: number;
}

/** Cumulative traffic of a running CT since it started, growing with its uptime and CPU use. */
function trafficOf(ct: SimContainer | null, model: SimNodeModel): Traffic {
  const sec = ct ? (ct.status === 'running' ? ct.uptimeSec : 0) : model.uptimeSec;
  const rate = ct ? 900 + ((ct.ctId * 7919) % 4000) + ct.cpuUsedSec / Math.max(1, ct.uptimeSec) * 20000 : 300;
  const inBytes = Math.floor(sec * rate);
  const outBytes = Math.floor(sec * rate * 6.3);
  return { inBytes, inPkts: Math.floor(inBytes / 60), outBytes, outPkts: Math.floor(outBytes / 1003) };
}

/**
 * `vznetstat`: the host (id 0) then every CT, `%-36s %-10s %12s %11s %15s %12s`; with `-v <id>`
 * one CT in `%-36s %9s %16s %12s %14s %13s` (both layouts as captured).
 */
export function renderVznetstat(model: SimNodeModel, only: SimContainer | null): string {
  const head = ['UUID', 'Net.Class', 'Input(bytes)', 'Input(pkts)', 'Output(bytes)', 'Output(pkts)'];
  const fmt = (cells: string[], verbose: boolean) => {
    const widths = verbose ? [-36, 9, 16, 12, 14, 13] : [-36, -10, 12, 11, 15, 12];
    return cells.map((c, i) => (widths[i]! < 0 ? c.padEnd(-widths[i]!) : c.padStart(widths[i]!))).join(' ').trimEnd();
  };
  const row = (id: string, t: Traffic, verbose: boolean) =>
    fmt([id, '0', String(t.inBytes), String(t.inPkts), String(t.outBytes), String(t.outPkts)], verbose);
  if (only) return lines([fmt(head, true), row(only.ctid, trafficOf(only, model), true)]);
  return lines([fmt(head, false), row('0', trafficOf(null, model), false), ...model.containers.map((ct) => row(ct.ctid, trafficOf(ct, model), false))]);
}
