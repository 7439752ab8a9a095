import { type Line, failAt, parseCount, splitNonEmpty, tokens } from './tool-text';

/**
 * `vzps -E <ct> -o pid,uid,rss,vsz,pcpu,time,comm` (docs/openvz/FORMATS.md §vzps): a header, then
 * one row per process of the CT, numbers right-aligned, COMMAND last and left-aligned. vzps (procps
 * with an -E <CTID> selector) may put a CTID column first; it is read and must name one CT.
 * A CT with no process (not running) prints the header alone.
 */
export interface VzpsProcess {
  pid: number;
  uid: number;
  /** Resident memory, KiB. */
  rssKb: number;
  /** Virtual size, KiB. */
  vszKb: number;
  /** ps's %CPU: CPU time over the process's lifetime, in % of one CPU. */
  cpuPercent: number;
  /** Cumulative CPU time, seconds. */
  cpuTimeSec: number;
  /** The process name as the kernel holds it (the customer's text: may hold spaces). */
  command: string;
}

export interface VzpsReport {
  /** The CTID column's value when vzps printed one, else null. */
  ctId: string | null;
  processes: VzpsProcess[];
}

const TOOL = 'vzps' as const;
const COLUMNS = ['PID', 'UID', 'RSS', 'VSZ', '%CPU', 'TIME', 'COMMAND'] as const;
/** Longer than any kernel comm (15 bytes) even with ps's escapes; a longer one is cut, not trusted. */
export const VZPS_COMMAND_CHARS = 64;

function parseTime(line: Line, token: string): number {
  const m = /^(?:(\d+)-)?(\d+):(\d\d):(\d\d)$/.exec(token);
  if (!m) failAt(line, `TIME: expected [DD-]hh:mm:ss, found ${JSON.stringify(token)}`);
  const [d, h, mi, s] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0)) as [number, number, number, number];
  if (mi > 59 || s > 59) failAt(line, `TIME: minutes and seconds must be below 60: ${JSON.stringify(token)}`);
  return ((d * 24 + h) * 60 + mi) * 60 + s;
}

function parsePercent(line: Line, token: string): number {
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(token)) failAt(line, `%CPU: expected a decimal number, found ${JSON.stringify(token)}`);
  return Number(token);
}

/** The first `n` whitespace-separated words and the blanks after them (COMMAND starts where this ends). */
const LEADING_WORDS = [6, 7].map((n) => new RegExp(`^\\s*(?:\\S+\\s+){${n}}`));

function restAfter(text: string, n: 6 | 7): string {
  const m = LEADING_WORDS[n - 6]!.exec(text);
  return m ? text.slice(m[0].length) : '';
}

export function parseVzps(text: string): VzpsReport {
  const lines = splitNonEmpty(TOOL, text).filter((l) => l.text.trim() !== '');
  const header = lines[0]!;
  const head = tokens(header.text);
  const hasCtid = head[0] === 'CTID';
  const cols = hasCtid ? head.slice(1) : head;
  if (cols.join(' ') !== COLUMNS.join(' ')) failAt(header, `expected the header ${hasCtid ? 'CTID ' : ''}${COLUMNS.join(' ')}`);
  const lead = hasCtid ? 1 : 0;
  let ctId: string | null = null;
  const processes = lines.slice(1).map((line): VzpsProcess => {
    const toks = tokens(line.text);
    if (toks.length < lead + 7) failAt(line, `expected ${lead + 7} columns, found ${toks.length}`);
    if (hasCtid) {
      if (ctId !== null && toks[0] !== ctId) failAt(line, `a process of another CT (${JSON.stringify(toks[0])}, not ${ctId})`);
      ctId = toks[0]!;
    }
    const [pid, uid, rss, vsz, pcpu, time] = toks.slice(lead, lead + 6) as [string, string, string, string, string, string];
    const command = restAfter(line.text, hasCtid ? 7 : 6);
    return {
      pid: parseCount(line, pid, 'PID'),
      uid: parseCount(line, uid, 'UID'),
      rssKb: parseCount(line, rss, 'RSS'),
      vszKb: parseCount(line, vsz, 'VSZ'),
      cpuPercent: parsePercent(line, pcpu),
      cpuTimeSec: parseTime(line, time),
      command: command.length > VZPS_COMMAND_CHARS ? `${command.slice(0, VZPS_COMMAND_CHARS)}…` : command,
    };
  });
  return { ctId, processes };
}

/** The `n` processes using the most of `by`, ties broken by pid; pure, for the page's two tables. */
export function topProcesses(report: VzpsReport, by: 'memory' | 'cpu', n: number): VzpsProcess[] {
  const key = by === 'memory' ? (p: VzpsProcess) => p.rssKb : (p: VzpsProcess) => p.cpuPercent;
  return [...report.processes].sort((a, b) => key(b) - key(a) || a.pid - b.pid).slice(0, n);
}
