/**
 * vzlist of OpenVZ 7 (OpenVZ/vzctl src/vzlist.c, FORMATS §10.4): CTID R36 so UUIDs fit, DQBLOCKS/
 * DQINODES headers, IOPRIO R6, IOPSLIMIT R10, onboot `%-6s`, layout as the ploop layout version
 * (`%6d` under a `%-6s` header). Strings are padded but never cut; CPU settings come from the
 * config (no scheduler round trip); disk usage is read from the ploop image, the limits from the
 * config (DISKSPACE soft = hard = the image size).
 */
import { isMounted, type SimContainer } from '../world/model';
import {
  LAVERAGE_FIELD,
  UBC_FIELDS,
  UPTIME_FIELD,
  field,
  jsonId,
  jsonStr,
  listField,
  quotaFields,
  strField,
  type QuotaStyle,
  type VzlistField,
} from './vzlist-fields';

const VZ7_QUOTA: QuotaStyle = {
  dashForZero: false,
  limits: (q, ct) => (ct.imageKb > 0 && q === ct.diskspace ? { softlimit: ct.imageKb, hardlimit: ct.imageKb } : q),
};

const dash = (width: number, name: string, header: string, unlisted = false): VzlistField => ({
  ...field(name, header, width, 'num', () => '-', () => 'null'),
  unlisted,
});
const pad = (name: string, header: string, width: number, get: (ct: SimContainer) => string | null) => strField(name, header, width, get, 'pad');
const yesNo = (name: string, header: string, width: number, get: (ct: SimContainer) => boolean) =>
  field(name, header, width, 'num', (ct) => (get(ct) ? 'yes' : 'no'), (ct) => String(get(ct)));
const distribution = (ct: SimContainer) => ct.ostemplate.replace(/-x86_64.*$/, '').replace(/^(\w+)-(\d+).*$/, '$1$2');
const ploopDevice = (ct: SimContainer) => `/dev/ploop${(ct.ctId * 7919) % 90000 + 10000}p1`;

/** The field table in vzlist's own order (`vzlist -L` prints it, minus the slm* fields). */
export const VZLIST_FIELDS_VZ7: readonly VzlistField[] = [
  field('ctid', 'CTID', 36, 'num', (ct) => ct.ctid, (ct) => jsonId(ct.ctid)),
  pad('private', 'PRIVATE', -32, (ct) => `/vz/private/${ct.ctid}`),
  { ...pad('root', 'ROOT', -32, (ct) => `/vz/root/${ct.ctid}`), headerWidth: -36 },
  field('veid', 'CTID', 36, 'num', (ct) => ct.ctid, (ct) => jsonId(ct.ctid)),
  field('uuid', 'UUID', 36, 'num', (ct) => ct.uuid ?? '-', (ct) => jsonStr(ct.uuid)),
  pad('hostname', 'HOSTNAME', -32, (ct) => ct.hostname),
  pad('name', 'NAME', -32, (ct) => ct.name),
  // The name if set (%-32s), else the CT id (%-36s).
  pad('smart_name', 'NAME', -32, (ct) => ct.name ?? ct.ctid.padEnd(36)),
  pad('description', 'DESCRIPTION', -32, (ct) => ct.description ?? null),
  field('tm', 'TM', -2, 'num', () => 'EZ', () => '"EZ"'),
  pad('ostemplate', 'OSTEMPLATE', -24, (ct) => ct.ostemplate),
  pad('distribution', 'DISTRIBUTION', -15, distribution),
  listField('ip', 'IP_ADDR', (ct) => ct.ips),
  listField('configured_ip', 'IP_ADDR', (ct) => ct.ips),
  listField('nameserver', 'NAMESERVER', (ct) => ct.nameservers),
  listField('searchdomain', 'SEARCHDOMAIN', () => []),
  field('status', 'STATUS', -9, 'num', (ct) => ct.status, (ct) => jsonStr(ct.status)),
  ...UBC_FIELDS,
  ...quotaFields('diskspace', 'DQBLOCKS', VZ7_QUOTA),
  ...quotaFields('diskinodes', 'DQINODES', VZ7_QUOTA),
  LAVERAGE_FIELD,
  field('cpulimit', 'CPULIM', 7, 'num', (ct) => String(ct.cpulimit), (ct) => String(ct.cpulimit)),
  field('cpulimit%', 'CPUL_%', 7, 'num', (ct) => String(ct.cpulimit), (ct) => String(ct.cpulimit)),
  field('cpulimitM', 'CPUL_M', 7, 'num', (ct, m) => String(Math.round((m.cpuMhz * ct.cpulimit) / 100)), (ct, m) => String(Math.round((m.cpuMhz * ct.cpulimit) / 100))),
  field('cpuunits', 'CPUUNI', 7, 'num', (ct) => String(ct.cpuunits), (ct) => String(ct.cpuunits)),
  field('cpus', 'CPUS', 5, 'num', (ct) => (ct.cpus === null ? '-' : String(ct.cpus)), (ct) => String(ct.cpus ?? 0)),
  dash(16, 'cpumask', 'CPUMASK'),
  dash(16, 'nodemask', 'NODEMASK'),
  dash(7, 'slmmode', 'SLMMOD', true),
  dash(10, 'slminst', 'SLMINST', true),
  dash(10, 'slminst.l', 'SLMINST.L', true),
  dash(10, 'slmlowinst', 'SLMLOWINST', true),
  dash(10, 'slmlowinst.l', 'SLMLOWINST.L', true),
  dash(10, 'slmoomlimit', 'SLMOOMLIMIT', true),
  dash(10, 'slmavg', 'SLMAVG', true),
  dash(10, 'slmquality', 'SLMQUALITY', true),
  dash(-16, 'host_ifname', 'HOST_IFNAME'),
  dash(-17, 'mac', 'MAC'),
  dash(-17, 'host_mac', 'HOST_MAC'),
  dash(-15, 'gw', 'GATEWAY'),
  dash(-32, 'network', 'NETWORK'),
  dash(-8, 'ifname', 'IFNAME'),
  dash(-32, 'netif', 'NET_INTERFACES'),
  yesNo('onboot', 'ONBOOT', -6, (ct) => ct.onboot),
  yesNo('disabled', 'DISABL', -6, () => false),
  dash(-8, 'autostop', 'AUTOSTOP'),
  dash(10, 'bootorder', 'BOOTORDER'),
  UPTIME_FIELD,
  field('ioprio', 'IOPRIO', 6, 'num', (ct) => (ct.ioprio === null ? '-' : String(ct.ioprio)), (ct) => String(ct.ioprio ?? 4)),
  dash(10, 'iolimit', 'IOLIMIT'),
  dash(10, 'iopslimit', 'IOPSLIMIT'),
  field('features', 'FEATURES', -15, 'num', () => '-', () => 'null'),
  { ...field('layout', 'LAYOUT', 6, 'num', () => '5', () => '"ploop"'), headerWidth: -6 },
  field('device', 'DEVICE', -16, 'num', (ct) => (isMounted(ct) ? ploopDevice(ct) : ''), (ct) => (isMounted(ct) ? `"${ploopDevice(ct)}"` : 'null')),
  yesNo('ha_enable', 'HA_ENABLE', -9, () => true),
  dash(10, 'ha_prio', 'HA_PRIO'),
  field('netfilter', 'NETFILTER', 9, 'num', () => 'stateless', () => '"stateless"'),
  dash(-16, 'devnodes', 'DEVNODES'),
];

const BY_NAME = new Map(VZLIST_FIELDS_VZ7.map((f) => [f.name, f]));

export function findVzlistFieldVz7(name: string): VzlistField | undefined {
  return BY_NAME.get(name);
}

/** `vzlist -j` without `-o` on OpenVZ 7 (FORMATS §10.4): a fixed list, every UBC as an object. */
export const VZ7_JSON_DEFAULT_FIELDS: readonly string[] = [
  'ctid', 'private', 'root', 'hostname', 'name', 'smart_name', 'description', 'ostemplate', 'distribution', 'ip',
  'configured_ip', 'nameserver', 'searchdomain', 'status',
  ...UBC_FIELDS.filter((f) => !f.suffixed).map((f) => f.name),
  'diskspace', 'diskinodes', 'laverage', 'uptime', 'cpulimit', 'cpuunits', 'cpus', 'ioprio', 'iolimit', 'iopslimit',
  'onboot', 'bootorder', 'layout', 'features', 'disabled',
];

