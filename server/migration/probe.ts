import { OpenvzParseError } from '../openvz/errors';
import { parseVzlistNoHeader } from '../openvz/vzlist';
import { MIGRATION_PROBE_SECTIONS, SECTION_MARK, VZSTATUS_FIELDS, type MigrationProbeSection } from '../ssh/commands';

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

function splitProbe(stdout: string): Partial<Record<MigrationProbeSection, { text: string; code: number }>> {
  const out: Partial<Record<MigrationProbeSection, { text: string; code: number }>> = {};
  let current: { name: MigrationProbeSection; body: string[] } | null = null;
  stdout.split('\n').forEach((line, i) => {
    if (!line.startsWith(`${SECTION_MARK} `)) {
      if (current) current.body.push(line);
      else if (line !== '') throw new OpenvzParseError({ tool: 'migration-probe', lineNumber: i + 1, line, reason: 'output before the first section marker' });
      return;
    }
    const [, verb, name, code] = line.split(' ');
    if (!(MIGRATION_PROBE_SECTIONS as readonly string[]).includes(name ?? '')) {
      throw new OpenvzParseError({ tool: 'migration-probe', lineNumber: i + 1, line, reason: 'unknown section' });
    }
    const open = current as { name: MigrationProbeSection; body: string[] } | null;
    if (verb === 'begin' && !open) current = { name: name as MigrationProbeSection, body: [] };
    else if (verb === 'end' && open !== null && open.name === name && /^\d+$/.test(code ?? '')) {
      out[open.name] = { text: open.body.length ? `${open.body.join('\n')}\n` : '', code: Number(code) };
      current = null;
    } else throw new OpenvzParseError({ tool: 'migration-probe', lineNumber: i + 1, line, reason: 'section markers out of order' });
  });
  if (current) throw new OpenvzParseError({ tool: 'migration-probe', lineNumber: 0, line: '', reason: 'output ends inside a section (cut off)' });
  return out;
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

export function parseNodeProbe(stdout: string): NodeProbe {
  const s = splitProbe(stdout);
  const modules = new Set((s.modules?.code === 0 ? s.modules.text : '').split('\n').map((l) => l.split(' ')[0]));
  const cts = new Map<string, string>();
  if (s.vzlist?.code === 0) {
    for (const row of parseVzlistNoHeader(s.vzlist.text, [...VZSTATUS_FIELDS]).containers) {
      cts.set(String(row.ctid), typeof row.status === 'string' ? row.status : 'unknown');
    }
  }
  return {
    diskFreeKb: s.df?.code === 0 ? parseDfAvailableKb(s.df.text) : null,
    cptLoaded: modules.has('vzcpt') && modules.has('vzrst'),
    kernel: s.kernel?.code === 0 ? s.kernel.text.trim() || null : null,
    cts,
  };
}
