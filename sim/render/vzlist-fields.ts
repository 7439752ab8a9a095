/**
 * vzlist's fields (legacy vzctl 4.x, FORMATS §10): name, header, printf width and how each value
 * prints in the table and in JSON. Values for stopped CTs come "from the config": held, maxheld,
 * failcnt, disk usage, load average and uptime are not available.
 */
import type { SimBeancounter, SimContainer, SimNodeModel, SimQuota } from '../model';
import { UBC_RESOURCES, type UbcResource } from '../plans';
import { runningCpulimit, runningCpuunits } from './cpu';
import { ulong } from './format';

/** How a value is fitted to its column. */
export type FieldKind =
  /** string: cut to the width unless last column or -t */
  | 'str'
  /** space-separated list: only the first item (and cut) unless last column or -t */
  | 'list'
  /** number or fixed-width text: padded, never cut */
  | 'num'
  /** printed unpadded when present (laverage, uptime), padded `-` when not */
  | 'free';

export interface VzlistField {
  name: string;
  header: string;
  /** printf width, negative = left-aligned */
  width: number;
  kind: FieldKind;
  /** suffixed variants (.m .b .l .f .s .h) cannot be used with -j */
  suffixed: boolean;
  text(ct: SimContainer, model: SimNodeModel): string;
  json(ct: SimContainer, model: SimNodeModel): string;
}

const isRunning = (ct: SimContainer) => ct.status === 'running';
const jsonStr = (s: string | null) => (s === null ? 'null' : `"${s}"`);
const jsonList = (items: readonly string[]) => `[${items.map((i) => `"${i}"`).join(', ')}]`;

function field(
  name: string,
  header: string,
  width: number,
  kind: FieldKind,
  text: VzlistField['text'],
  json: VzlistField['json'],
): VzlistField {
  return { name, header, width, kind, suffixed: false, text, json };
}

function strField(name: string, header: string, width: number, get: (ct: SimContainer) => string | null): VzlistField {
  return field(name, header, width, 'str', (ct) => get(ct) ?? '-', (ct) => jsonStr(get(ct)));
}

function listField(name: string, header: string, get: (ct: SimContainer) => readonly string[]): VzlistField {
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

function quotaFields(name: 'diskspace' | 'diskinodes', header: string): VzlistField[] {
  const get = (ct: SimContainer): SimQuota => ct[name];
  const cols: [string, (q: SimQuota, ct: SimContainer) => number][] = [
    ['', (q, ct) => (isRunning(ct) ? q.usage : 0)],
    ['.s', (q) => q.softlimit],
    ['.h', (q) => q.hardlimit],
  ];
  return cols.map(([suffix, value], i) => ({
    name: `${name}${suffix}`,
    header: `${header}${suffix.toUpperCase()}`,
    width: 10,
    kind: 'num',
    suffixed: suffix !== '',
    text: (ct) => {
      const v = value(get(ct), ct);
      return i === 0 && v === 0 ? '-' : String(v);
    },
    json: (ct) => {
      const q = get(ct);
      return `{\n      "usage": ${isRunning(ct) ? q.usage : 0},\n      "softlimit": ${q.softlimit},\n      "hardlimit": ${q.hardlimit}\n    }`;
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
const cpuunitsOf = (ct: SimContainer) => (isRunning(ct) ? runningCpuunits(ct.cpuunits) : ct.cpuunits);
const cpulimitOf = (ct: SimContainer) => (isRunning(ct) ? runningCpulimit(ct.cpulimit) : ct.cpulimit);
const cpusOf = (ct: SimContainer, model: SimNodeModel) => (isRunning(ct) ? (ct.cpus ?? model.bogomips.length) : (ct.cpus ?? 0));
const isVswap = (ct: SimContainer) => ct.ubc.physpages.limit !== null && ct.ubc.physpages.limit !== 2147483647;

/** In vzlist's own order (that is also the order of `vzlist -L` and of `-j` without `-o`). */
export const VZLIST_FIELDS: readonly VzlistField[] = [
  field('ctid', 'CTID', 10, 'num', (ct) => String(ct.ctId), (ct) => String(ct.ctId)),
  field('veid', 'CTID', 10, 'num', (ct) => String(ct.ctId), (ct) => String(ct.ctId)),
  field('vpsid', 'CTID', 10, 'num', (ct) => String(ct.ctId), (ct) => String(ct.ctId)),
  strField('private', 'PRIVATE', -32, (ct) => `/vz/private/${ct.ctId}`),
  strField('root', 'ROOT', -32, (ct) => `/vz/root/${ct.ctId}`),
  strField('mount_opts', 'MOUNT_OPTS', -16, () => null),
  strField('origin_sample', 'ORIGIN_SAMPLE', 32, (ct) => ct.plan),
  strField('hostname', 'HOSTNAME', -32, (ct) => ct.hostname),
  strField('name', 'NAME', -32, () => null),
  field('smart_name', 'SMARTNAME', 10, 'num', (ct) => String(ct.ctId), (ct) => String(ct.ctId)),
  strField('description', 'DESCRIPTION', -32, () => null),
  strField('ostemplate', 'OSTEMPLATE', -32, (ct) => ct.ostemplate),
  listField('ip', 'IP_ADDR', (ct) => ct.ips),
  listField('nameserver', 'NAMESERVER', (ct) => ct.nameservers),
  listField('searchdomain', 'SEARCHDOMAIN', () => []),
  field('status', 'STATUS', -9, 'num', (ct) => ct.status, (ct) => jsonStr(ct.status)),
  ...[...UBC_RESOURCES, 'swappages' as const].flatMap(ubcFields),
  ...quotaFields('diskspace', 'DSPACE'),
  ...quotaFields('diskinodes', 'DINODES'),
  field('laverage', 'LAVERAGE', 14, 'free',
    (ct) => (isRunning(ct) ? laverageText(ct).join('/') : '-'),
    (ct) => (isRunning(ct) ? `[${laverageText(ct).join(', ')}]` : 'null')),
  field('uptime', 'UPTIME', 15, 'free',
    (ct) => (isRunning(ct) ? formatUptime(ct.uptimeSec) : '-'),
    (ct) => (isRunning(ct) ? ct.uptimeSec : 0).toFixed(3)),
  field('cpulimit', 'CPULIM', 7, 'num', (ct) => String(cpulimitOf(ct)), (ct) => String(cpulimitOf(ct))),
  field('cpuunits', 'CPUUNI', 7, 'num', (ct) => String(cpuunitsOf(ct)), (ct) => String(cpuunitsOf(ct))),
  field('cpus', 'CPUS', 5, 'num',
    (ct, m) => (cpusOf(ct, m) > 0 ? String(cpusOf(ct, m)) : '-'),
    (ct, m) => String(cpusOf(ct, m))),
  field('ioprio', 'IOP', 3, 'num', (ct) => (ct.ioprio === null ? '-' : String(ct.ioprio)), (ct) => String(ct.ioprio ?? 0)),
  field('onboot', 'ONBOOT', 6, 'num', (ct) => (ct.onboot ? 'yes' : 'no'), (ct) => String(ct.onboot)),
  field('bootorder', 'BOOTORDER', 10, 'num', () => '-', () => 'null'),
  field('layout', 'LAYOUT', -6, 'num', () => 'simfs', () => '"simfs"'),
  field('features', 'FEATURES', -15, 'str', () => '-', () => 'null'),
  field('vswap', 'VSWAP', 5, 'num', (ct) => (isVswap(ct) ? 'yes' : 'no'), (ct) => String(isVswap(ct))),
  field('disabled', 'DISABL', 6, 'num', () => 'no', () => 'false'),
];

const BY_NAME = new Map(VZLIST_FIELDS.map((f) => [f.name, f]));

export function findVzlistField(name: string): VzlistField | undefined {
  return BY_NAME.get(name);
}
