import { isAscii } from 'node:buffer';
import { COLLECT_SECTIONS, sectionMarker, type CollectSection } from './commands';
import { OpenvzParseError, type OpenvzTool } from '../openvz/errors';

export interface CollectSectionOutput {
  /** The section body as printed, decoded as UTF-8 (invalid bytes become U+FFFD); ends with \n unless the tool printed none. */
  text: string;
  /** The raw bytes of the section body, for readers that must keep what the node really printed. */
  bytes: Buffer;
  exitCode: number;
  /** 1-based line of the section's first output line in the whole script output (for error messages). */
  firstLine: number;
}

export interface SplitOutput<N extends string> {
  sections: Partial<Record<N, CollectSectionOutput>>;
  /**
   * Lines printed outside any section (a chatty profile, a MOTD, a locale warning): not parsed,
   * reported. Distinct lines, each cut to NOISE_LINE_CHARS, at most NOISE_MAX_LINES of them.
   */
  noise: string[];
}

/**
 * The longest line a section may hold. The longest real line is a vzlist row: 255-character
 * hostname and description plus many IP addresses (a CT with 1000 IPv4s is ~16 KiB); 64 KiB is
 * four times that, and a line without a newline cannot grow a parser's strings past it.
 */
export const MAX_LINE_BYTES = 64 * 1024;
export const NOISE_MAX_LINES = 20;
export const NOISE_LINE_CHARS = 300;

/**
 * Splits the collect script's stdout into its sections. Only marker lines carrying this poll's
 * token count; anything else outside a section is noise and ignored for parsing. A section that
 * never ended means the script was cut off (timeout, dropped connection): an error, not a
 * shorter section.
 */
export function splitCollectOutput(stdout: Buffer | string, token: string): SplitOutput<CollectSection> {
  return splitSections(stdout, token, COLLECT_SECTIONS, 'collect-script');
}

/** The section splitter shared by the collect script and the migration probe (same marker scheme). */
export function splitSections<N extends string>(stdout: Buffer | string, token: string, names: readonly N[], tool: OpenvzTool): SplitOutput<N> {
  const buf = typeof stdout === 'string' ? Buffer.from(stdout, 'utf8') : stdout;
  const mark = Buffer.from(sectionMarker(token) + ' ', 'latin1');
  const sections: Partial<Record<N, CollectSectionOutput>> = {};
  const noise = new NoiseLines();
  let current: { name: N; firstLine: number; start: number } | null = null;
  let lineNumber = 0;
  let pos = 0;
  // Lines are walked by offsets only: a Buffer view per line cost more than the parsing of them.
  let nextMark = buf.indexOf(mark, 0);
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    const end = nl === -1 ? buf.length : nl;
    const next = nl === -1 ? buf.length : nl + 1;
    lineNumber++;
    if (nextMark !== -1 && nextMark < pos) nextMark = buf.indexOf(mark, pos);
    // A marker may follow text without a newline on the same line (a tool whose last line has no
    // newline, a profile's printf): the token makes it unambiguous wherever it starts.
    const markAt = nextMark !== -1 && nextMark < end && end - nextMark < 200 ? nextMark : -1;
    const lineEnd = markAt === -1 ? end : markAt;
    if (lineEnd - pos > MAX_LINE_BYTES && current) {
      throw new OpenvzParseError({ tool, lineNumber, line: preview(buf.subarray(pos, lineEnd)), reason: `line longer than ${MAX_LINE_BYTES / 1024} KiB` });
    }
    if (!current) noise.add(buf.subarray(pos, lineEnd));
    if (markAt === -1) {
      pos = next;
      continue;
    }
    const text = buf.subarray(markAt, end).toString('latin1');
    const [verb, name, code, ...rest] = text.slice(mark.length).split(' ');
    if (!isName(name, names)) throw new OpenvzParseError({ tool, lineNumber, line: text, reason: 'unknown section' });
    if (verb === 'begin' && !current && code === undefined) {
      current = { name, firstLine: lineNumber + 1, start: next };
    } else if (verb === 'end' && current?.name === name && code !== undefined && /^\d+$/.test(code) && rest.length === 0) {
      const bytes = buf.subarray(current.start, markAt);
      sections[name] = sectionOutput(bytes, Number(code), current.firstLine);
      current = null;
    } else {
      throw new OpenvzParseError({ tool, lineNumber, line: text, reason: 'section markers out of order' });
    }
    pos = next;
  }
  if (current) {
    const open = current as { name: N };
    throw new OpenvzParseError({ tool, lineNumber: 0, line: '', reason: `output ends inside section "${open.name}" (cut off)` });
  }
  return { sections, noise: noise.lines };
}

/** A section whose text is decoded when first read: the largest one is read in chunks instead (textChunks). */
function sectionOutput(bytes: Buffer, exitCode: number, firstLine: number): CollectSectionOutput {
  let text: string | undefined;
  return {
    get text() {
      return (text ??= decode(bytes));
    },
    bytes,
    exitCode,
    firstLine,
  };
}

/** UTF-8 text; ASCII (all of /proc/user_beancounters) is copied as latin1, the same string, faster. */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Pieces of at most this many bytes: V8 puts a string over 128 KiB in its large-object space. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The text of `bytes` as pieces cut after a newline, each under CHUNK_BYTES where its lines allow.
 * Joined they are the decoded text. A 60-CT node's beancounters are ~150 kB: decoding them as one
 * string cost ~1 ms per poll (a large-object allocation each time), in pieces ~40 µs.
 */
export function textChunks(bytes: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  while (bytes.length - start > CHUNK_BYTES) {
    const cut = bytes.lastIndexOf(10, start + CHUNK_BYTES - 1);
    const end = cut >= start ? cut + 1 : bytes.indexOf(10, start + CHUNK_BYTES) + 1 || bytes.length;
    out.push(decode(bytes.subarray(start, end)));
    start = end;
  }
  if (start < bytes.length || out.length === 0) out.push(decode(bytes.subarray(start)));
  return out;
}

function isName<N extends string>(name: string | undefined, names: readonly N[]): name is N {
  return (names as readonly string[]).includes(name ?? '');
}

/** The start of an overlong line, for an error message: decoded, control characters shown as U+FFFD. */
function preview(line: Buffer): string {
  return `${printable(line.subarray(0, NOISE_LINE_CHARS).toString('utf8'))}… (${line.length} bytes)`;
}

/** Text fit for a text column and a page: no NUL or other control characters except tab. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
}

/** Distinct noise lines, bounded in count and length however much the node prints. */
export class NoiseLines {
  readonly lines: string[] = [];
  private readonly seen = new Set<string>();

  add(raw: Buffer | string): void {
    if (this.lines.length >= NOISE_MAX_LINES) return;
    const cut = typeof raw === 'string' ? raw.slice(0, NOISE_LINE_CHARS * 4) : raw.subarray(0, NOISE_LINE_CHARS * 4).toString('utf8');
    const text = printable(cut).trimEnd().slice(0, NOISE_LINE_CHARS);
    if (text.trim() === '' || this.seen.has(text)) return;
    this.seen.add(text);
    this.lines.push(text);
  }
}
