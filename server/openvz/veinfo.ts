import { failAt, parseCount, splitLines, tokens } from './tool-text';
import { isIpLike } from './vzlist-values';

/** /proc/vz/veinfo (docs/openvz/FORMATS.md §3): running CTs (CT0 as id 0), class, process count, venet IPs. */
export interface VeinfoRow {
  ctId: string;
  classId: number;
  numproc: number;
  ips: string[];
}

const TOOL = 'veinfo' as const;

export function parseVeinfo(text: string): { containers: VeinfoRow[] } {
  const containers = splitLines(TOOL, text).map((line): VeinfoRow => {
    const t = tokens(line.text);
    if (t.length < 3) failAt(line, `expected "<ctid> <class> <numproc> [ip …]", found ${t.length} fields`);
    if (!/^\d+$/.test(t[0]!)) failAt(line, `expected a numeric CT id, found ${JSON.stringify(t[0])}`);
    const bad = t.slice(3).find((ip) => !isIpLike(ip));
    if (bad !== undefined) failAt(line, `not an IP address: ${JSON.stringify(bad)}`);
    return {
      ctId: t[0]!,
      classId: parseCount(line, t[1]!, 'class'),
      numproc: parseCount(line, t[2]!, 'numproc'),
      ips: t.slice(3),
    };
  });
  return { containers };
}
