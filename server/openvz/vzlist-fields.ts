/**
 * The vzlist field catalogue (FORMATS.md §10, FORMULAS.md §8.2): field name → column header(s)
 * and how its value is read. Legacy vzctl 3.x/4.x plus the OpenVZ 7 headers that differ.
 */

export type VzlistKind =
  | 'id' // ctid / veid / vpsid: a string as printed (number or UUID)
  | 'string' // one token, `-` = null
  | 'text' // free text: may hold spaces when it is the last column
  | 'ip-list' // space-separated addresses; `-` = []
  | 'word-list' // space-separated words (searchdomain); `-` = []
  | 'count' // unsigned integer, `-` = null (UBC held/maxheld/failcnt, usage, numproc)
  | 'limit' // unsigned integer, LONG_MAX / INT_MAX = null (unlimited), `-` = null
  | 'int' // plain integer setting, `-` = null
  | 'decimal' // e.g. vm_overcommit 1.5
  | 'laverage' // `a/b/c` → [a, b, c]
  | 'uptime'; // `012d03h:25m:07s` → seconds

export interface VzlistField {
  name: string;
  /** Headers printed for this field; the first is the current one. */
  headers: string[];
  kind: VzlistKind;
}

/** UBC names in kernel order with their header abbreviation. */
export const UBC_RESOURCES: ReadonlyArray<readonly [string, string]> = [
  ['kmemsize', 'KMEMSIZE'],
  ['lockedpages', 'LOCKEDP'],
  ['privvmpages', 'PRIVVMP'],
  ['shmpages', 'SHMP'],
  ['numproc', 'NPROC'],
  ['physpages', 'PHYSP'],
  ['vmguarpages', 'VMGUARP'],
  ['oomguarpages', 'OOMGUARP'],
  ['numtcpsock', 'NTCPSOCK'],
  ['numflock', 'NFLOCK'],
  ['numpty', 'NPTY'],
  ['numsiginfo', 'NSIGINFO'],
  ['tcpsndbuf', 'TCPSNDB'],
  ['tcprcvbuf', 'TCPRCVB'],
  ['othersockbuf', 'OTHSOCKB'],
  ['dgramrcvbuf', 'DGRAMRB'],
  ['numothersock', 'NOTHSOCK'],
  ['dcachesize', 'DCACHESZ'],
  ['numfile', 'NFILE'],
  ['numiptent', 'NIPTENT'],
  ['swappages', 'SWAPP'],
];

/** `.m` maxheld, `.b` barrier, `.l` limit, `.f` failcnt. */
export const UBC_SUFFIXES = [
  ['', 'held', 'count'],
  ['.m', 'maxheld', 'count'],
  ['.b', 'barrier', 'limit'],
  ['.l', 'limit', 'limit'],
  ['.f', 'failcnt', 'count'],
] as const;

function f(name: string, headers: string[], kind: VzlistKind): VzlistField {
  return { name, headers, kind };
}

const BASE: VzlistField[] = [
  f('ctid', ['CTID'], 'id'),
  f('veid', ['VEID'], 'id'),
  // VPSID: the id column's title in vzctl ≤ 3.0.11-2 (VEID from d5400e04, CTID from 3.0.23).
  f('vpsid', ['VEID', 'VPSID'], 'id'),
  f('uuid', ['UUID'], 'string'),
  f('private', ['PRIVATE'], 'string'),
  f('root', ['ROOT'], 'string'),
  f('mount_opts', ['MOUNT_OPTS'], 'string'),
  f('origin_sample', ['ORIGIN_SAMPLE'], 'string'),
  f('hostname', ['HOSTNAME'], 'string'),
  f('name', ['NAME'], 'string'),
  f('smart_name', ['SMARTNAME'], 'string'),
  f('description', ['DESCRIPTION'], 'text'),
  f('ostemplate', ['OSTEMPLATE'], 'string'),
  f('ip', ['IP_ADDR'], 'ip-list'),
  f('configured_ip', ['CFG_IP_ADDR'], 'ip-list'),
  f('nameserver', ['NAMESERVER'], 'ip-list'),
  f('searchdomain', ['SEARCHDOMAIN'], 'word-list'),
  f('status', ['STATUS'], 'string'),
];

const UBC: VzlistField[] = UBC_RESOURCES.flatMap(([name, abbr]) =>
  UBC_SUFFIXES.map(([suffix, , kind]) => f(name + suffix, [abbr + suffix.toUpperCase()], kind)),
);

const REST: VzlistField[] = [
  f('diskspace', ['DSPACE', 'DQBLOCKS'], 'count'),
  f('diskspace.s', ['DSPACE.S', 'DQBLOCKS.S'], 'limit'),
  f('diskspace.h', ['DSPACE.H', 'DQBLOCKS.H'], 'limit'),
  f('diskinodes', ['DINODES', 'DQINODES'], 'count'),
  f('diskinodes.s', ['DINODES.S', 'DQINODES.S'], 'limit'),
  f('diskinodes.h', ['DINODES.H', 'DQINODES.H'], 'limit'),
  f('laverage', ['LAVERAGE'], 'laverage'),
  f('uptime', ['UPTIME'], 'uptime'),
  f('cpulimit', ['CPULIM'], 'int'),
  f('cpuunits', ['CPUUNI'], 'int'),
  f('cpus', ['CPUS'], 'int'),
  f('ioprio', ['IOP', 'IOPRIO'], 'int'),
  f('iolimit', ['IOLIMIT'], 'int'),
  f('iopslimit', ['IOPS', 'IOPSLIMIT'], 'int'),
  f('onboot', ['ONBOOT'], 'string'),
  f('bootorder', ['BOOTORDER'], 'int'),
  f('layout', ['LAYOUT'], 'string'),
  f('features', ['FEATURES'], 'string'),
  f('vswap', ['VSWAP'], 'string'),
  f('disabled', ['DISABL'], 'string'),
  f('vm_overcommit', ['VM_OVC'], 'decimal'),
  f('netfilter', ['NETFILTER'], 'string'),
  f('capability', ['CAPABILITY'], 'string'),
];

export const VZLIST_FIELDS: readonly VzlistField[] = [...BASE, ...UBC, ...REST];

const BY_NAME = new Map(VZLIST_FIELDS.map((fd) => [fd.name, fd]));

/** veid and vpsid are aliases of ctid; rows always use `ctid`. */
export function canonicalFieldName(name: string): string {
  return name === 'veid' || name === 'vpsid' ? 'ctid' : name;
}

export function findVzlistField(name: string): VzlistField | undefined {
  return BY_NAME.get(canonicalFieldName(name));
}

const BY_HEADER = new Map<string, VzlistField>();
for (const fd of VZLIST_FIELDS) {
  for (const h of fd.headers) if (!BY_HEADER.has(h)) BY_HEADER.set(h, fd);
}

/** CTID and VEID both map to `ctid`. */
export function fieldForHeader(header: string): VzlistField | undefined {
  const fd = BY_HEADER.get(header);
  return fd && findVzlistField(fd.name);
}

/** `vzlist` with no -o: ctid numproc status ip hostname. */
export const DEFAULT_VZLIST_FIELDS = ['ctid', 'numproc', 'status', 'ip', 'hostname'] as const;
