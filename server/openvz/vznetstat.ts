import { failAt, parseCount, splitNonEmpty, tokens } from './tool-text';

/** OpenVZ 7 `vznetstat [-v <uuid>]`: traffic per CT and class; CT "0" is the host. */
export interface VznetstatRow {
  ctId: string;
  netClass: number;
  inputBytes: number;
  inputPackets: number;
  outputBytes: number;
  outputPackets: number;
}

const TOOL = 'vznetstat' as const;
const HEADER = 'UUID Net.Class Input(bytes) Input(pkts) Output(bytes) Output(pkts)';

export function parseVznetstat(text: string): { rows: VznetstatRow[] } {
  const lines = splitNonEmpty(TOOL, text);
  const header = lines[0]!;
  if (tokens(header.text).join(' ') !== HEADER) failAt(header, `expected the header "${HEADER}"`);
  const rows = lines.slice(1).map((line): VznetstatRow => {
    const t = tokens(line.text);
    if (t.length !== 6) failAt(line, `expected 6 columns, found ${t.length}`);
    const n = (i: number, what: string) => parseCount(line, t[i]!, what);
    return {
      ctId: t[0]!,
      netClass: n(1, 'Net.Class'),
      inputBytes: n(2, 'Input(bytes)'),
      inputPackets: n(3, 'Input(pkts)'),
      outputBytes: n(4, 'Output(bytes)'),
      outputPackets: n(5, 'Output(pkts)'),
    };
  });
  return { rows };
}
