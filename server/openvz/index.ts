import { parseBeancounters } from './beancounters';
import { parseCtConf } from './ct-conf';
import { parseCtStatus } from './ct-status';
import { parseMeminfo } from './meminfo';
import { parsePrlctlFieldList, parsePrlctlInfo, parsePrlctlList } from './prlctl-list';
import { parsePrlctlMigrateLog } from './prlctl-migrate-log';
import { parseVeinfo } from './veinfo';
import { parseVestat } from './vestat';
import { parseVzcalc } from './vzcalc';
import { parseVzcpucheck } from './vzcpucheck';
import { DEFAULT_VZLIST_FIELDS } from './vzlist-fields';
import { parseVzlist, parseVzlistFieldList, parseVzlistNoHeader } from './vzlist';
import { parseVzlistJson } from './vzlist-json';
import { parseVzmemcheck } from './vzmemcheck';
import { parseVzmigrateLog } from './vzmigrate-log';
import { parseVznetstat } from './vznetstat';
import { parseVzps } from './vzps';
import { parseProcVzquota, parseVzquota } from './vzquota';

/** Every parser, keyed by the kind of tool output it reads. */
export const parsers = {
  beancounters: (text: string) => parseBeancounters(text),
  vzcpucheck: parseVzcpucheck,
  vzmemcheck: parseVzmemcheck,
  vzcalc: parseVzcalc,
  vzquota: parseVzquota,
  'proc-vzquota': parseProcVzquota,
  vzlist: parseVzlist,
  'vzlist-json': parseVzlistJson,
  /** `vzlist -H` with the default columns (ctid numproc status ip hostname). */
  'vzlist-noheader': (text: string) => parseVzlistNoHeader(text, [...DEFAULT_VZLIST_FIELDS]),
  /** `vzlist -Hto veid,physpages`. */
  'vzlist-noheader-physpages': (text: string) => parseVzlistNoHeader(text, ['veid', 'physpages']),
  'vzlist-fields': parseVzlistFieldList,
  meminfo: parseMeminfo,
  'ct-status': parseCtStatus,
  vestat: parseVestat,
  veinfo: parseVeinfo,
  'prlctl-list': parsePrlctlList,
  'prlctl-info': parsePrlctlInfo,
  'prlctl-fields': parsePrlctlFieldList,
  'ct-conf': parseCtConf,
  vznetstat: parseVznetstat,
  vzmigrate: parseVzmigrateLog,
  vzps: parseVzps,
  'prlctl-migrate': parsePrlctlMigrateLog,
} satisfies Record<string, (text: string) => unknown>;

export type ParserKind = keyof typeof parsers;

/** Sample file name prefix → kind; the first match wins, so specific prefixes come first. */
const SAMPLE_PREFIXES: ReadonlyArray<readonly [string, ParserKind]> = [
  ['proc_user_beancounters', 'beancounters'],
  ['proc_bc_resources', 'beancounters'],
  ['proc_vz_vestat', 'vestat'],
  ['proc_vz_veinfo', 'veinfo'],
  ['proc_vz_vzquota', 'proc-vzquota'],
  ['proc_meminfo', 'meminfo'],
  ['vzcpucheck', 'vzcpucheck'],
  ['vzmemcheck', 'vzmemcheck'],
  ['vzcalc', 'vzcalc'],
  ['vzquota_', 'vzquota'],
  ['vzlist_-L', 'vzlist-fields'],
  ['vzlist_-Hto_veid,physpages', 'vzlist-noheader-physpages'],
  ['vzlist_-H_', 'vzlist-noheader'],
  ['vzlist_-aH_', 'vzlist-noheader'],
  ['vzlist_-j', 'vzlist-json'],
  ['vzlist_-aj', 'vzlist-json'],
  ['vzlist_', 'vzlist'],
  ['vzctl_status', 'ct-status'],
  ['prlctl_status', 'ct-status'],
  ['prlctl_migrate', 'prlctl-migrate'],
  ['prlctl_list_-L', 'prlctl-fields'],
  ['prlctl_list_-i', 'prlctl-info'],
  ['prlctl_list', 'prlctl-list'],
  ['vznetstat', 'vznetstat'],
  ['ctid_conf', 'ct-conf'],
  ['vzmigrate', 'vzmigrate'],
  ['vzps', 'vzps'],
];

export function parserKindForSample(fileName: string): keyof typeof parsers {
  const hit = SAMPLE_PREFIXES.find(([prefix]) => fileName.startsWith(prefix));
  if (hit === undefined) throw new Error(`no parser kind for sample ${JSON.stringify(fileName)}`);
  return hit[1];
}

export { OpenvzParseError, type OpenvzTool } from './errors';
export * from './beancounters';
export * from './ct-conf';
export * from './ct-status';
export * from './meminfo';
export * from '../../vocabulary/node-health';
export * from './prlctl-list';
export * from './veinfo';
export * from './vestat';
export * from './vzcalc';
export * from './vzcpucheck';
export * from './vzlist';
export * from './vzlist-fields';
export * from './vzlist-json';
export { isIpLike } from './vzlist-values';
export * from './vzmemcheck';
export * from './vzmigrate-log';
export * from './vznetstat';
export * from './vzquota';
