import { splitSections } from '../ssh/split-sections';
import { OpenvzParseError } from '../openvz/errors';
import { parseVzlistNoHeader } from '../openvz/vzlist';
import { MIGRATION_PROBE_SECTIONS, VZSTATUS_FIELDS } from '../ssh/commands';

/** What a migration probe (buildMigrationProbe) tells about one node. */
export interface NodeProbe {
  /** Free KiB on /vz (df -P -k); null when df failed. */
  diskFreeKb: number | null;
  /** vzcpt and vzrst both listed in /proc/modules. */
  cptLoaded: boolean;
  kernel: string | null;
  /** ctId → status, every CT the node has (vzlist -a). */
  cts: Map<string, string>;
}

/** `df -P -k /vz` → available KiB of its one line. */
export function parseDfAvailableKb(text: string): number {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const row = lines[1];
  const cols = row?.trim().split(/\s+/) ?? [];
  if (!/^Filesystem/.test(lines[0] ?? '') || cols.length < 6 || !/^\d+$/.test(cols[3] ?? '')) {
    throw new OpenvzParseError({ tool: 'df', lineNumber: 2, line: row ?? '', reason: 'expected a POSIX df line with an Available column' });
  }
  return Number(cols[3]);
}

/** `token`: the one buildMigrationProbe was given; text outside its sections is ignored. */
export function parseNodeProbe(stdout: Buffer | string, token: string): NodeProbe {
  const s = splitSections(stdout, token, MIGRATION_PROBE_SECTIONS, 'migration-probe').sections;
  const modules = new Set((s.modules?.exitCode === 0 ? s.modules.text : '').split('\n').map((l) => l.split(' ')[0]));
  const cts = new Map<string, string>();
  if (s.vzlist?.exitCode === 0) {
    for (const row of parseVzlistNoHeader(s.vzlist.text, [...VZSTATUS_FIELDS]).containers) {
      cts.set(String(row.ctid), typeof row.status === 'string' ? row.status : 'unknown');
    }
  }
  return {
    diskFreeKb: s.df?.exitCode === 0 ? parseDfAvailableKb(s.df.text) : null,
    cptLoaded: modules.has('vzcpt') && modules.has('vzrst'),
    kernel: s.kernel?.exitCode === 0 ? s.kernel.text.trim() || null : null,
    cts,
  };
}
