import { type Line, failAt, failWhole, isBlank, parseCount, parseLimit, splitLines, splitNonEmpty, tokens } from './tool-text';

/** `vzquota show|stat <id>` human (and -b batch) output, docs/openvz/FORMATS.md §6. Blocks are KiB. */
export type QuotaGrace = { kind: 'none' } | { kind: 'expired' } | { kind: 'left'; seconds: number } | { kind: 'until'; epochSeconds: number };

export interface QuotaUsage {
  usage: number;
  /** null = unlimited (LONG_MAX / INT_MAX). */
  softlimit: number | null;
  hardlimit: number | null;
  overLimit: boolean;
  /** `until` only comes from -b output, which prints the deadline instead of the time left. */
  grace: QuotaGrace;
}

export interface VzquotaReport {
  blocks: QuotaUsage;
  inodes: QuotaUsage;
  /** `vzquota : (warning) ...` lines (stderr captured along), without the `vzquota : ` prefix. */
  warnings: string[];
}

const TOOL = 'vzquota' as const;
const HEADER = 'resource usage softlimit hardlimit grace';
const RESOURCES = ['1k-blocks', 'inodes'] as const;

function parseGrace(line: Line, token: string | undefined): QuotaGrace {
  if (token === undefined) return { kind: 'none' };
  if (token === 'none') return { kind: 'expired' };
  const days = /^(\d+)days$/.exec(token);
  if (days) return { kind: 'left', seconds: Number(days[1]) * 86400 };
  const hm = /^(\d+):(\d\d)$/.exec(token);
  if (hm) return { kind: 'left', seconds: Number(hm[1]) * 3600 + Number(hm[2]) * 60 };
  failAt(line, `unknown grace value ${JSON.stringify(token)}`);
}

function humanRow(line: Line, resource: string): QuotaUsage {
  const toks = tokens(line.text);
  if (toks[0] !== resource) failAt(line, `expected the ${resource} row`);
  if (toks.length < 4) failAt(line, `expected usage, softlimit and hardlimit, found ${toks.length - 1} values`);
  if (toks.length > 5) failAt(line, 'too many columns');
  const usageTok = toks[1]!;
  const marked = usageTok.endsWith('*');
  return {
    usage: parseCount(line, marked ? usageTok.slice(0, -1) : usageTok, 'usage'),
    softlimit: parseLimit(line, toks[2]!, 'softlimit'),
    hardlimit: parseLimit(line, toks[3]!, 'hardlimit'),
    overLimit: marked,
    grace: parseGrace(line, toks[4]),
  };
}

function batchRow(line: Line): QuotaUsage {
  const toks = tokens(line.text);
  if (toks.length !== 5) failAt(line, `expected 5 numbers (usage soft hard grace expire), found ${toks.length}`);
  const usage = parseCount(line, toks[0]!, 'usage');
  const softlimit = parseLimit(line, toks[1]!, 'softlimit');
  const hardlimit = parseLimit(line, toks[2]!, 'hardlimit');
  const deadline = parseCount(line, toks[3]!, 'grace deadline');
  parseCount(line, toks[4]!, 'expire');
  const over = (lim: number | null) => lim !== null && lim > 0 && usage > lim;
  return {
    usage,
    softlimit,
    hardlimit,
    overLimit: over(softlimit) || over(hardlimit),
    grace: deadline === 0 ? { kind: 'none' } : { kind: 'until', epochSeconds: deadline },
  };
}

export function parseVzquota(text: string): VzquotaReport {
  const warnings: string[] = [];
  const table: Line[] = [];
  for (const line of splitNonEmpty(TOOL, text)) {
    const msg = /^vzquota : (.*)$/.exec(line.text);
    if (msg) warnings.push(msg[1]!);
    else if (!isBlank(line)) table.push(line);
  }
  const first = table[0];
  if (first === undefined) failWhole(TOOL, `no quota table${warnings.length ? `: ${warnings.join('; ')}` : ''}`);
  const isHuman = tokens(first.text).join(' ') === HEADER;
  const rows = isHuman ? table.slice(1) : table;
  const last = table[table.length - 1]!;
  if (rows.length < 2) failAt(last, `expected the 1k-blocks and inodes rows, found ${rows.length} (truncated)`);
  if (rows.length > 2) failAt(rows[2]!, 'unexpected line after the inodes row');
  const [b, i] = rows as [Line, Line];
  return isHuman
    ? { blocks: humanRow(b, RESOURCES[0]), inodes: humanRow(i, RESOURCES[1]), warnings }
    : { blocks: batchRow(b), inodes: batchRow(i), warnings };
}

/** /proc/vz/vzquota: all running first-level quotas (docs/openvz/FORMATS.md §5). */
export interface ProcQuotaFigures {
  usage: number;
  softlimit: number | null;
  hardlimit: number | null;
  /** Grace deadline (epoch seconds), 0 when none is running. */
  time: number;
  /** Grace period in seconds. */
  expire: number;
}

export interface ProcQuotaEntry {
  /** The quota id, which is the CT id. */
  ctId: string;
  /** The quota root (VE_PRIVATE), or `-- started --` / `-- stopped --` during a transition. */
  path: string;
  blocks: ProcQuotaFigures;
  inodes: ProcQuotaFigures;
}

const PROC_TOOL = 'proc-vzquota' as const;
const PROC_HEADER = 'qid: path usage softlimit hardlimit time expire';

function procFigures(line: Line | undefined, resource: string, after: Line): ProcQuotaFigures {
  if (line === undefined) failAt(after, `the ${resource} line is missing (truncated)`);
  const toks = tokens(line.text);
  if (toks[0] !== resource) failAt(line, `expected the ${resource} line`);
  if (toks.length !== 6) failAt(line, `expected 5 numbers after ${resource}, found ${toks.length - 1}`);
  return {
    usage: parseCount(line, toks[1]!, 'usage'),
    softlimit: parseLimit(line, toks[2]!, 'softlimit'),
    hardlimit: parseLimit(line, toks[3]!, 'hardlimit'),
    time: parseCount(line, toks[4]!, 'time'),
    expire: parseCount(line, toks[5]!, 'expire'),
  };
}

export function parseProcVzquota(text: string): { quotas: ProcQuotaEntry[] } {
  const lines = splitLines(PROC_TOOL, text);
  const header = lines[0];
  if (header === undefined) failWhole(PROC_TOOL, 'empty output');
  if (tokens(header.text).join(' ') !== PROC_HEADER) failAt(header, `expected the header "${PROC_HEADER}"`);
  const quotas: ProcQuotaEntry[] = [];
  for (let i = 1; i < lines.length; i += 3) {
    const idLine = lines[i]!;
    const m = /^\s*(\S+):\s(.*)$/.exec(idLine.text);
    if (!m) failAt(idLine, 'expected "<qid>: <path>"');
    quotas.push({
      ctId: m[1]!,
      path: m[2]!.trim(),
      blocks: procFigures(lines[i + 1], '1k-blocks', idLine),
      inodes: procFigures(lines[i + 2], 'inodes', lines[i + 1] ?? idLine),
    });
  }
  return { quotas };
}
