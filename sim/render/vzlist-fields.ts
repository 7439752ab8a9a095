/**
 * vzlist's fields (legacy vzctl 4.x, FORMATS §10): name, header, printf width and how each value
 * prints in the table and in JSON. Values for CTs that are not running come "from the config":
 * held, maxheld, failcnt, load average and uptime are not available; simfs disk usage is known
 * only while the quota is on (running or mounted), ploop usage always (vzctl ≥ 3.2).
 * The OpenVZ 7 catalogue (vzlist-fields-vz7.ts) reuses the helpers exported here.
 */
import { isMounted, isRunning, type SimBeancounter, type SimContainer, type SimNodeModel, type SimQuota } from '../world/model';
import { UBC_RESOURCES, type UbcResource } from '../world/plans';
import { runningCpulimit, runningCpuunits } from './cpu';
import { ulong } from './format';

/** How a value is fitted to its column. */
export type FieldKind =
  /** string: cut to the width unless last column or -t (legacy) */
  | 'str'
  /** space-separated list: only the first item (and cut) unless last column or -t */
  | 'list'
  /** number or fixed-width text: padded, never cut */
  | 'num'
  /** string padded to its width but never cut (OpenVZ 7 vzlist) */
  | 'pad'
  /** printed unpadded when present (laverage, uptime), padded `-` when not */
  | 'free';

export interface VzlistField {
  name: string;
  header: string;
  /** printf width, negative = left-aligned */
  width: number;
  /** OpenVZ 7: a header format of another alignment than the values (LAYOUT is `%-6s`, its values `%6d`). */
  headerWidth?: number;
  kind: FieldKind;
  /** suffixed variants (.m .b .l .f .s .h) cannot be used with -j */
  suffixed: boolean;
  /** Left out of `vzlist -L` (OpenVZ 7's deprecated slm* fields). */
  unlisted?: boolean;
  text(ct: SimContainer, model: SimNodeModel): string;
  json(ct: SimContainer, model: SimNodeModel): string;
}

export const jsonStr = (s: string | null) => (s === null ? 'null' : `"${s}"`);
/** A CT id in JSON: a number when numeric, else a string (an OpenVZ 7 UUID). */
export const jsonId = (id: string) => (/^\d+$/.test(id) ? id : `"${id}"`);
export const jsonList = (items: readonly string[]) => `[${items.map((i) => `"${i}"`).join(', ')}]`;

export function field(
  name: string,
  header: string,
  width: number,
  kind: FieldKind,
  text: VzlistField['text'],
  json: VzlistField['json'],
): VzlistField {
  return { name, header, width, kind, suffixed: false, text, json };
}

export function strField(name: string, header: string, width: number, get: (ct: SimContainer) => string | null, kind: FieldKind = 'str'): VzlistField {
  return field(name, header, width, kind, (ct) => get(ct) ?? '-', (ct) => jsonStr(get(ct)));
}

export function listField(name: string, header: string, get: (ct: SimContainer) => readonly string[]): VzlistField {
  return field(name, header, -15, 'list', (ct) => (get(ct).length ? get(ct).join(' ') : '-'), (ct) => jsonList(get(ct)));
}

function ubcOf(ct: SimContainer, res: UbcResource | 'swappages'): SimBeancounter {
  return res === 'swappages' ? ct.swappages : ct.ubc[res];
}

const UBC_HEADERS: Record<UbcResource | 'swappages', string> = {
  kmemsize: 'KMEMSIZE', lockedpages: 'LOCKEDP', privvmpages: 'PRIVVMP', shmpages: 'SHMP', numproc: 'NPROC',
  physpages: 'PHYSP', vmguarpages: 'VMGUARP', oomguarpages: 'OOMGUARP', numtcpsock: 'NTCPSOCK', numflock: 'NFLOCK',
  numpty: 'NPTY', numsiginfo: 'NSIGINFO', tcpsndbuf: 'TCPSNDB', tcprcvbuf: 'TCPRCVB', othersockbuf: 'OTHSOCKB',
  dgramrcvbuf: 'DGRAMRB', numothersock: 'NOTHSOCK', dcachesize: 'DCACHESZ', numfile: 'NFILE', numiptent: 'NIPTENT',
  swappages: 'SWAPP',
};

/** Each UBC and its `.m .b .l .f` variants, R10; held/maxheld/failcnt `-` unless running. */
function ubcFields(res: UbcResource | 'swappages'): VzlistField[] {
  type Column = 'held' | 'maxheld' | 'barrier' | 'limit' | 'failcnt';
  const suffixes: [string, Column][] = [['', 'held'], ['.m', 'maxheld'], ['.b', 'barrier'], ['.l', 'limit'], ['.f', 'failcnt']];
  return suffixes.map(([suffix, col]) => ({
    name: `${res}${suffix}`,
    header: `${UBC_HEADERS[res]}${suffix.toUpperCase()}`,
    width: 10,
    kind: 'num',
    suffixed: suffix !== '',
    text: (ct) => {
      const bc = ubcOf(ct, res);
      if (!isRunning(ct) && (col === 'held' || col === 'maxheld' || col === 'failcnt')) return '-';
      return col === 'barrier' || col === 'limit' ? ulong(bc[col]) : String(bc[col]);
    },
    json: (ct) => {
      const bc = ubcOf(ct, res);
      const live = (v: number) => (isRunning(ct) ? String(v) : '0');
      return (
        `{\n      "held": ${live(bc.held)},\n      "maxheld": ${live(bc.maxheld)},\n      "barrier": ${ulong(bc.barrier)},\n` +
        `      "limit": ${ulong(bc.limit)},\n      "failcnt": ${live(bc.failcnt)}\n    }`
      );
    },
  }));
}

export const UBC_FIELDS: readonly VzlistField[] = [...UBC_RESOURCES, 'swappages' as const].flatMap(ubcFields);

/** Disk usage vzlist can see: simfs from the running quota, ploop from the image (always). */
export function diskUsageKnown(ct: SimContainer): boolean {
  return ct.layout === 'ploop' || isMounted(ct);
}

export interface QuotaStyle {
  /** Usage 0 (or unknown) prints `-` (legacy) or the number (OpenVZ 7). */
  dashForZero: boolean;
  /** soft/hard as printed: legacy shows the quota or the ploop filesystem, OpenVZ 7 the config. */
  limits(q: SimQuota, ct: SimContainer): { softlimit: number; hardlimit: number };
}

export function quotaFields(name: 'diskspace' | 'diskinodes', header: string, style: QuotaStyle): VzlistField[] {
  const usage = (ct: SimContainer) => (diskUsageKnown(ct) ? ct[name].usage : 0);
  const cols: [string, (ct: SimContainer) => number][] = [
    ['', usage],
    ['.s', (ct) => style.limits(ct[name], ct).softlimit],
    ['.h', (ct) => style.limits(ct[name], ct).hardlimit],
  ];
  return cols.map(([suffix, value], i) => ({
    name: `${name}${suffix}`,
    header: `${header}${suffix.toUpperCase()}`,
    width: 10,
    kind: 'num',
    suffixed: suffix !== '',
    text: (ct) => {
      const v = value(ct);
      return i === 0 && v === 0 && style.dashForZero ? '-' : String(v);
    },
    json: (ct) => {
      const l = style.limits(ct[name], ct);
      return `{\n      "usage": ${usage(ct)},\n      "softlimit": ${l.softlimit},\n      "hardlimit": ${l.hardlimit}\n    }`;
    },
  }));
}

export function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const min = Math.floor(seconds / 60);
  const hours = Math.floor(min / 60) % 24;
  const secs = Math.floor(seconds - (60 * (min % 60) + 3600 * hours + 86400 * days));
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${String(days).padStart(3, '0')}d${p2(hours)}h:${p2(min % 60)}m:${p2(secs)}s`;
}

const laverageText = (ct: SimContainer) => ct.laverage.map((l) => l.toFixed(2));

export const LAVERAGE_FIELD = field('laverage', 'LAVERAGE', 14, 'free',
  (ct) => (isRunning(ct) ? laverageText(ct).join('/') : '-'),
  (ct) => (isRunning(ct) ? `[${laverageText(ct).join(', ')}]` : 'null'));
export const UPTIME_FIELD = field('uptime', 'UPTIME', 15, 'free',
  (ct) => (isRunning(ct) ? formatUptime(ct.uptimeSec) : '-'),
  (ct) => (isRunning(ct) ? ct.uptimeSec : 0).toFixed(3));

const cpuunitsOf = (ct: SimContainer) => (isRunning(ct) ? runningCpuunits(ct.cpuunits) : ct.cpuunits);
const cpulimitOf = (ct: SimContainer) => (isRunning(ct) ? runningCpulimit(ct.cpulimit) : ct.cpulimit);
const cpusOf = (ct: SimContainer, model: SimNodeModel) => (isRunning(ct) ? (ct.cpus ?? model.bogomips.length) : (ct.cpus ?? 0));
export const isVswap = (ct: SimContainer) => ct.ubc.physpages.limit !== null && ct.ubc.physpages.limit !== 2147483647;

/** Legacy: simfs usage from the quota, limits from the quota or (ploop) the filesystem. */
const LEGACY_QUOTA: QuotaStyle = { dashForZero: true, limits: (q) => q };

/** In vzlist's own order (that is also the order of `vzlist -L` and of `-j` without `-o`). */
export const VZLIST_FIELDS: readonly VzlistField[] = [
  field('ctid', 'CTID', 10, 'num', (ct) => ct.ctid, (ct) => jsonId(ct.ctid)),
  field('veid', 'CTID', 10, 'num', (ct) => ct.ctid, (ct) => jsonId(ct.ctid)),
  field('vpsid', 'CTID', 10, 'num', (ct) => ct.ctid, (ct) => jsonId(ct.ctid)),
  strField('private', 'PRIVATE', -32, (ct) => `/vz/private/${ct.ctid}`),
  strField('root', 'ROOT', -32, (ct) => `/vz/root/${ct.ctid}`),
  strField('mount_opts', 'MOUNT_OPTS', -16, () => null),
  strField('origin_sample', 'ORIGIN_SAMPLE', 32, (ct) => ct.plan),
  strField('hostname', 'HOSTNAME', -32, (ct) => ct.hostname),
  strField('name', 'NAME', -32, (ct) => ct.name),
  field('smart_name', 'SMARTNAME', 10, 'num', (ct) => ct.name ?? ct.ctid, (ct) => (ct.name === null ? jsonId(ct.ctid) : jsonStr(ct.name))),
  strField('description', 'DESCRIPTION', -32, (ct) => ct.description ?? null),
  strField('ostemplate', 'OSTEMPLATE', -32, (ct) => ct.ostemplate),
  listField('ip', 'IP_ADDR', (ct) => ct.ips),
  listField('nameserver', 'NAMESERVER', (ct) => ct.nameservers),
  listField('searchdomain', 'SEARCHDOMAIN', () => []),
  field('status', 'STATUS', -9, 'num', (ct) => ct.status, (ct) => jsonStr(ct.status)),
  ...UBC_FIELDS,
  ...quotaFields('diskspace', 'DSPACE', LEGACY_QUOTA),
  ...quotaFields('diskinodes', 'DINODES', LEGACY_QUOTA),
  LAVERAGE_FIELD,
  UPTIME_FIELD,
  field('cpulimit', 'CPULIM', 7, 'num', (ct) => String(cpulimitOf(ct)), (ct) => String(cpulimitOf(ct))),
  field('cpuunits', 'CPUUNI', 7, 'num', (ct) => String(cpuunitsOf(ct)), (ct) => String(cpuunitsOf(ct))),
  field('cpus', 'CPUS', 5, 'num',
    (ct, m) => (cpusOf(ct, m) > 0 ? String(cpusOf(ct, m)) : '-'),
    (ct, m) => String(cpusOf(ct, m))),
  field('ioprio', 'IOP', 3, 'num', (ct) => (ct.ioprio === null ? '-' : String(ct.ioprio)), (ct) => String(ct.ioprio ?? 0)),
  field('iolimit', 'IOLIMIT', 10, 'num', () => '-', () => 'null'),
  field('iopslimit', 'IOPS', 4, 'num', () => '-', () => 'null'),
  field('onboot', 'ONBOOT', 6, 'num', (ct) => (ct.onboot ? 'yes' : 'no'), (ct) => String(ct.onboot)),
  field('bootorder', 'BOOTORDER', 10, 'num', () => '-', () => 'null'),
  field('layout', 'LAYOUT', -6, 'num', (ct) => ct.layout, (ct) => jsonStr(ct.layout)),
  // Header `%15s`, values `%-15s` (sample vzlist_-octid,ip,features,status_-a__trimmed…).
  { ...field('features', 'FEATURES', -15, 'str', () => '-', () => 'null'), headerWidth: 15 },
  field('vswap', 'VSWAP', 5, 'num', (ct) => (isVswap(ct) ? 'yes' : 'no'), (ct) => String(isVswap(ct))),
  field('disabled', 'DISABL', 6, 'num', () => 'no', () => 'false'),
  field('vm_overcommit', 'VM_OVC', 6, 'num', (ct) => (ct.plan.startsWith('vswap') ? '1.5' : '-'), (ct) => (ct.plan.startsWith('vswap') ? '1.5' : 'null')),
  strField('netfilter', 'NETFILTER', -9, (ct) => (ct.plan === 'vps.basic' ? null : 'stateless')),
  field('capability', 'CAPABILITY', -15, 'str', () => '-', () => 'null'),
];

const BY_NAME = new Map(VZLIST_FIELDS.map((f) => [f.name, f]));

export function findVzlistField(name: string): VzlistField | undefined {
  return BY_NAME.get(name);
}
