import { COLLECT_SECTIONS, SECTION_MARK, type CollectSection } from '../ssh/commands';
import { OpenvzParseError } from '../openvz/errors';

export interface CollectSectionOutput {
  /** The tool's stdout, exactly as printed (lines joined with \n, ending with \n when non-empty). */
  text: string;
  /** The section body's raw bytes (free text in it may be any encoding, or none). */
  bytes?: Buffer;
  exitCode: number;
  /** 1-based line of the section's first output line in the whole script output (for error messages). */
  firstLine: number;
}

/**
 * Splits the collect script's stdout into its sections. A section that never ended means the
 * script was cut off (timeout, dropped connection): that is an error, not a shorter section.
 */
export function splitCollectOutput(stdout: string): Partial<Record<CollectSection, CollectSectionOutput>> {
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const result: Partial<Record<CollectSection, CollectSectionOutput>> = {};
  let current: { name: CollectSection; start: number; body: string[] } | null = null;
  lines.forEach((line, i) => {
    const lineNumber = i + 1;
    if (!line.startsWith(SECTION_MARK + ' ')) {
      if (current) current.body.push(line);
      else throw new OpenvzParseError({ tool: 'collect-script', lineNumber, line, reason: 'output before the first section marker' });
      return;
    }
    const [, verb, name, code] = line.split(' ');
    if (!isSection(name)) {
      throw new OpenvzParseError({ tool: 'collect-script', lineNumber, line, reason: 'unknown section' });
    }
    if (verb === 'begin' && !current) {
      current = { name, start: lineNumber + 1, body: [] };
    } else if (verb === 'end' && current?.name === name && code !== undefined && /^\d+$/.test(code)) {
      result[name] = {
        text: current.body.length ? current.body.join('\n') + '\n' : '',
        exitCode: Number(code),
        firstLine: current.start,
      };
      current = null;
    } else {
      throw new OpenvzParseError({ tool: 'collect-script', lineNumber, line, reason: 'section markers out of order' });
    }
  });
  if (current) {
    const open = current as { name: CollectSection };
    throw new OpenvzParseError({
      tool: 'collect-script',
      lineNumber: 0,
      line: '',
      reason: `output ends inside section "${open.name}" (cut off)`,
    });
  }
  return result;
}

function isSection(name: string | undefined): name is CollectSection {
  return (COLLECT_SECTIONS as readonly string[]).includes(name ?? '');
}
