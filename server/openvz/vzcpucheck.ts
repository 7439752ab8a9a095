import { type Line, failAt, isBlank, parseCount, parseDecimal, splitNonEmpty, tokens } from './tool-text';

/** `vzcpucheck [-v]` (docs/openvz/FORMATS.md §7, docs/openvz/FORMULAS.md §5.1). */
export interface Vzcpucheck {
  /** One row per scheduler node (CT0 shown as "0"); null when run without -v. */
  containers: { ctId: string; cpuunits: number }[] | null;
  /** Sum of the cpuunits of the running CTs and CT0 — a guarantee total, not CPU usage. */
  currentUtilization: number;
  /** Sum of bogomips × 25; a float (73072.5) in 2005-era versions. */
  nodePower: number;
  /** The tool printed its overcommit warning (or utilization exceeds power). */
  overcommitted: boolean;
}

const TOOL = 'vzcpucheck' as const;
const HEADERS = ['vpsid units', 'veid units', 'VEID CPUUNITS'];

function readHeader(lines: Line[]): number {
  const first = lines[0]!;
  if (!HEADERS.includes(tokens(first.text).join(' '))) return 0;
  const dashes = lines[1];
  if (dashes === undefined) failAt(first, 'header without the dashes line (truncated)');
  if (!/^-{20,}$/.test(dashes.text.trim())) failAt(dashes, 'expected a line of dashes after the header');
  return 2;
}

function readSummary(line: Line | undefined, label: RegExp, what: string, lastLine: Line): string {
  if (line === undefined) failAt(lastLine, `missing "${what}" line (truncated)`);
  const m = label.exec(line.text);
  if (!m) failAt(line, `expected "${what}: <number>"`);
  return m[1]!;
}

export function parseVzcpucheck(text: string): Vzcpucheck {
  const lines = splitNonEmpty(TOOL, text);
  let i = readHeader(lines);
  const verbose = i > 0;
  const containers: { ctId: string; cpuunits: number }[] = [];
  for (; i < lines.length && !lines[i]!.text.startsWith('Current CPU utilization'); i++) {
    const line = lines[i]!;
    if (!verbose) failAt(line, 'expected "Current CPU utilization: <number>"');
    if (isBlank(line)) failAt(line, 'blank line among vzcpucheck rows');
    const toks = tokens(line.text);
    if (toks.length !== 2) failAt(line, `expected "<ctid> <cpuunits>", found ${toks.length} fields`);
    containers.push({ ctId: toks[0]!, cpuunits: parseCount(line, toks[1]!, 'cpuunits') });
  }
  const last = lines[lines.length - 1]!;
  const utilLine = lines[i];
  const util = readSummary(utilLine, /^Current CPU utilization:\s*(\S+)\s*$/, 'Current CPU utilization', last);
  const powerLine = lines[i + 1];
  const power = readSummary(powerLine, /^Power of the node:\s*(\S+)\s*$/, 'Power of the node', last);
  const currentUtilization = parseCount(utilLine!, util, 'utilization');
  const nodePower = parseDecimal(powerLine!, power, 'power');
  let warned = false;
  for (const line of lines.slice(i + 2)) {
    if (/^Warning: hardware node is overcommitt?ed\s*$/.test(line.text)) warned = true;
    else if (!isBlank(line)) failAt(line, 'unexpected line after the summary');
  }
  return {
    containers: verbose ? containers : null,
    currentUtilization,
    nodePower,
    overcommitted: warned || currentUtilization > nodePower,
  };
}
