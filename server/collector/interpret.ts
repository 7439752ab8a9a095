import { hasBrand } from '../errors/brand';
import { parseBeancounters, type BeancounterBlock } from '../openvz/beancounters';
import { scanBeancounters } from '../openvz/beancounters-scan';
import { parseMeminfo } from '../openvz/meminfo';
import { parseVzcpucheck, type Vzcpucheck } from '../openvz/vzcpucheck';
import { parseVzlistNoHeader } from '../openvz/vzlist';
import { vzlistFoundNoContainers } from '../openvz/vzlist-empty';
import { VZLIST_TEXT_SECTIONS, VZSTATUS_FIELDS, type CollectSection } from '../ssh/commands';
import { readContainers, toContainerRecord, type ContainerRecord } from './interpret-containers';
import { listsSameStatuses } from './same-statuses';
import { textChunks, type CollectSectionOutput } from '../ssh/split-sections';

export type { ContainerRecord };


export interface NodeSnapshot {
  beancounters: BeancounterBlock[];
  containers: ContainerRecord[];
  cpu: Vzcpucheck | null;
  memory: { memTotalKb: number; swapTotalKb: number; lowTotalKb: number | null } | null;
  /** Non-essential sections that failed; the snapshot is stored and the node shown as degraded. */
  problems: string[];
  /** False for a fast poll: config, quotas, CPU power and memory were carried from the last full one. */
  full?: boolean;
  /** A fast poll saw a CT the last full poll did not know: read everything next time. */
  needsFull?: boolean;
}

const COLLECT_COMMAND_BRAND = Symbol.for('vzfleet.CollectCommandError');

/** A required tool exited non-zero: nothing of this poll can be trusted enough to store. */
export class CollectCommandError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, COLLECT_COMMAND_BRAND);
  }

  readonly [COLLECT_COMMAND_BRAND] = true;
  constructor(
    readonly section: CollectSection,
    readonly exitCode: number,
    readonly stderr: string,
    what = `the command exited with code ${exitCode}`,
  ) {
    super(`${section}: ${what}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
    this.name = 'CollectCommandError';
  }
}

type Sections = Partial<Record<CollectSection, CollectSectionOutput>>;

/**
 * Turns the collect script's sections into one typed snapshot. Beancounters and vzlist must have
 * run (a failed command, or a beancounters parse error, rejects the whole poll, so earlier data
 * stays as it was); vzlist is read one CT at a time, so a CT whose fields cannot be read only
 * degrades the node (interpret-containers.ts); vzcpucheck and meminfo are optional and only degrade it.
 */
export function interpretCollect(given: Sections, stderr: string, previous: NodeSnapshot | null = null): NodeSnapshot {
  const sections = withEmptyVzlistAccepted(given, stderr);
  if (!sections.vzlist && sections.vzstatus) return interpretFast(sections, stderr, previous);
  requiredSection(sections, 'beancounters', stderr);
  required(sections, 'vzlist', stderr);
  const beancounters = beancountersOf(sections, stderr);
  const problems: string[] = [];
  const containers = readContainers(sections, problems);

  const cpu = optional(sections, 'vzcpucheck', problems, parseVzcpucheck);
  const meminfo = optional(sections, 'meminfo', problems, parseMeminfo);
  return {
    beancounters,
    containers,
    cpu,
    memory: meminfo
      ? { memTotalKb: meminfo.memTotalKb, swapTotalKb: meminfo.swapTotalKb, lowTotalKb: meminfo.lowTotalKb }
      : null,
    problems,
    full: true,
    needsFull: false,
  };
}

/** A fast poll: fresh beancounters and statuses over the last full poll's slow-changing figures. */
function interpretFast(sections: Sections, stderr: string, previous: NodeSnapshot | null): NodeSnapshot {
  const beancounters = beancountersOf(sections, stderr);
  const vzstatus = requiredSection(sections, 'vzstatus', stderr);
  const carried = { cpu: previous?.cpu ?? null, memory: previous?.memory ?? null, problems: previous?.problems ?? [], full: false };
  // The common fast poll: the same CTs with the same statuses, so the last poll's records as they are.
  if (previous && listsSameStatuses(vzstatus.bytes, previous.containers)) return { beancounters, containers: previous.containers, ...carried, needsFull: false };
  const statuses = parseVzlistNoHeader(vzstatus.text, [...VZSTATUS_FIELDS]).containers;
  const known = new Map((previous?.containers ?? []).map((c) => [c.ctId, c]));
  let needsFull = previous === null;
  const containers = statuses.map((row) => {
    const ctId = String(row.ctid);
    const status = typeof row.status === 'string' ? row.status : 'unknown';
    const before = known.get(ctId);
    // Unchanged, the same record: the store compares it by identity before field by field.
    if (before) return before.status === status ? before : { ...before, status };
    needsFull = true;
    return { ...toContainerRecord({ ctid: ctId, status }), status };
  });
  return { beancounters, containers, ...carried, needsFull };
}

const VZLIST_SECTIONS = ['vzstatus', 'vzlist', ...VZLIST_TEXT_SECTIONS] as const;

/** A vzctl 3.0.x node with no CTs: its vzlist calls "fail" with exit 1 (openvz/vzlist-empty.ts). */
function withEmptyVzlistAccepted(sections: Sections, stderr: string): Sections {
  const present = VZLIST_SECTIONS.filter((name) => sections[name] !== undefined);
  const calls = present.map((name) => ({ exitCode: sections[name]!.exitCode, stdoutBytes: sections[name]!.bytes.length }));
  if (!vzlistFoundNoContainers(calls, stderr)) return sections;
  const out: Sections = { ...sections };
  for (const name of present) out[name] = { ...sections[name]!, exitCode: 0 };
  return out;
}

function requiredSection(sections: Sections, name: CollectSection, stderr: string): CollectSectionOutput {
  const section = sections[name];
  if (!section) throw new CollectCommandError(name, -1, 'no output for this section');
  if (section.exitCode !== 0) throw new CollectCommandError(name, section.exitCode, stderr);
  return section;
}

function required(sections: Sections, name: CollectSection, stderr: string): string {
  return requiredSection(sections, name, stderr).text;
}

/** The beancounters, the largest section: scanned as bytes, or read in pieces (textChunks says why). */
function beancountersOf(sections: Sections, stderr: string): BeancounterBlock[] {
  const bytes = requiredSection(sections, 'beancounters', stderr).bytes;
  // Read through `tr -s ' '` (commands.ts), a missing file exits 0 with nothing: say so with cat's words.
  if (bytes.length === 0) throw new CollectCommandError('beancounters', 0, stderr, 'the node printed nothing for /proc/user_beancounters');
  // The scan reads the common layout from the bytes; anything else is for the careful parser.
  return (scanBeancounters(bytes) ?? parseBeancounters(textChunks(bytes))).blocks;
}

function optional<T>(sections: Sections, name: CollectSection, problems: string[], parse: (text: string) => T): T | null {
  const section = sections[name];
  if (!section) {
    problems.push(`${name}: no output`);
    return null;
  }
  if (section.exitCode !== 0) {
    problems.push(`${name}: exited with code ${section.exitCode}`);
    return null;
  }
  try {
    return parse(section.text);
  } catch (err) {
    problems.push(`${name}: ${(err as Error).message}`);
    return null;
  }
}
