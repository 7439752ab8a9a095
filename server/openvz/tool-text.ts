import { OpenvzParseError, type OpenvzTool } from './errors';

/** One line of tool output, with its 1-based number, as the error messages need it. */
export interface Line {
  readonly tool: OpenvzTool;
  readonly lineNumber: number;
  readonly text: string;
}

export function failAt(line: Line, reason: string): never {
  throw new OpenvzParseError({ tool: line.tool, lineNumber: line.lineNumber, line: line.text, reason });
}

export function failWhole(tool: OpenvzTool, reason: string): never {
  throw new OpenvzParseError({ tool, lineNumber: 0, line: '', reason });
}

/**
 * Splits the raw text into numbered lines. A final newline does not make an extra line.
 * CRLF is not what an OpenVZ tool prints over SSH: it is rejected, naming the first such line,
 * so that a file mangled on a Windows desktop is noticed instead of half-parsed.
 */
export function splitLines(tool: OpenvzTool, text: ToolText): Line[] {
  const raw = typeof text === 'string' ? text.split('\n') : splitChunks(text);
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  return raw.map((t, i) => {
    const line = { tool, lineNumber: i + 1, text: t };
    if (t.includes('\r')) failAt(line, 'carriage return (CRLF line ending) in tool output');
    return line;
  });
}

/**
 * Tool output as one string, or as pieces that join to it, each cut after a newline (the collector
 * reads large sections so: ssh/split-sections.ts textChunks).
 */
export type ToolText = string | readonly string[];

function splitChunks(chunks: readonly string[]): string[] {
  const out: string[] = [];
  chunks.forEach((c, i) => {
    const lines = c.split('\n');
    // Every piece but the last ends with its newline: the empty string after it is not a line.
    if (i < chunks.length - 1 && lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) out.push(l);
  });
  return out;
}

/** Like splitLines, but empty text (or only blank lines) is an error. */
export function splitNonEmpty(tool: OpenvzTool, text: ToolText): Line[] {
  const lines = splitLines(tool, text);
  if (lines.every((l) => l.text.trim() === '')) failWhole(tool, 'empty output');
  return lines;
}

export function tokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}

export function isBlank(line: Line): boolean {
  return line.text.trim() === '';
}

const LONG_MAX = '9223372036854775807';
const INT_MAX = '2147483647';
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function isUnsignedInteger(token: string): boolean {
  return /^\d+$/.test(token);
}

/** Decimal digits → number, refusing anything that a JS number cannot hold exactly. */
export function parseCount(line: Line, token: string, what: string): number {
  if (!isUnsignedInteger(token)) failAt(line, `${what}: not a non-negative integer: ${JSON.stringify(token)}`);
  if (token.length > 15 && BigInt(token) > MAX_SAFE) {
    failAt(line, `${what}: ${token} is larger than a JS number holds exactly`);
  }
  return Number(token);
}

/** True for the two spellings of "unlimited": LONG_MAX (64-bit) and INT_MAX (32-bit / old configs). */
export function isUnlimitedToken(token: string): boolean {
  const t = token.replace(/^0+(?=\d)/, '');
  return t === LONG_MAX || t === INT_MAX;
}

const INT_MAX_VALUE = Number(INT_MAX);

/** isUnlimitedToken for a value already read as a safe integer: only INT_MAX can be one (LONG_MAX is past 2^53). */
export function isUnlimitedSafeInteger(v: number): boolean {
  return v === INT_MAX_VALUE;
}

/** A barrier/limit: LONG_MAX and INT_MAX become null (unlimited); any other unsafe value is an error. */
export function parseLimit(line: Line, token: string, what: string): number | null {
  if (isUnsignedInteger(token) && isUnlimitedToken(token)) return null;
  return parseCount(line, token, what);
}

/** A decimal such as 73072.5 or 20.66 (no sign, no exponent). */
export function parseDecimal(line: Line, token: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(token)) failAt(line, `${what}: not a decimal number: ${JSON.stringify(token)}`);
  const intPart = token.split('.')[0] ?? '';
  if (intPart.length > 15) failAt(line, `${what}: ${token} is too large`);
  return Number(token);
}
