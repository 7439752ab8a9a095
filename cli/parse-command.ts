import fs from 'node:fs';
import { OpenvzParseError } from '../server/openvz/errors';
import { parsers } from '../server/openvz/index';

export type ParserKind = keyof typeof parsers;

export function isParserKind(kind: string): kind is ParserKind {
  return Object.hasOwn(parsers, kind);
}

/** `vzfleet parse <kind> [file|-]`: prints the parser's JSON; exit 1 with the error on bad input. */
export function runParse(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; readStdin: () => string }): number {
  const [kind, file = '-'] = args;
  if (!kind || !isParserKind(kind)) {
    io.stderr(`usage: vzfleet parse <kind> [file|-]\nkinds: ${Object.keys(parsers).join(', ')}\n`);
    return 2;
  }
  let text: string;
  try {
    text = file === '-' ? io.readStdin() : fs.readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`vzfleet parse: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const parse = parsers[kind] as (t: string) => unknown;
    io.stdout(JSON.stringify(parse(text), null, 2) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof OpenvzParseError) {
      io.stderr(`vzfleet parse: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
