import { type Line, failAt, isBlank, parseDecimal, parseLimit, splitNonEmpty } from './tool-text';
import { UBC_RESOURCES } from './vzlist-fields';
import { resourceUnit } from './beancounters';

/**
 * A CT config (`/etc/vz/conf/<id>.conf`, `ve-*.conf-sample`): shell `KEY="value"` lines. UBC and
 * disk quota pairs (`barrier:limit`, `soft:hard`) are also read into numbers in the unit the
 * kernel counts (pages / bytes / counts; KiB for DISKSPACE), as vzctl converts K/M/G/T suffixes.
 */
export interface CtLimitPair {
  /** null = unlimited (`unlimited`, LONG_MAX or INT_MAX). */
  barrier: number | null;
  limit: number | null;
}

export interface CtConf {
  /** Every assignment, value unquoted but otherwise as written (`$VEID` is not expanded). */
  entries: Record<string, string>;
  /** Keyed by lower-case resource: kmemsize, physpages, …, diskspace, diskinodes. */
  limits: Record<string, CtLimitPair>;
}

const TOOL = 'ct-conf' as const;
const LIMIT_KEYS = new Set([...UBC_RESOURCES.map(([n]) => n.toUpperCase()), 'AVNUMPROC', 'DISKSPACE', 'DISKINODES']);
const SUFFIX: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

function tokeniseLine(line: Line): [string, string] | null {
  const t = line.text.trim();
  if (t === '' || t.startsWith('#')) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'#]*))\s*(#.*)?$/.exec(t);
  if (!m) failAt(line, 'expected KEY="value"');
  return [m[1]!, m[2] ?? m[3] ?? m[4] ?? ''];
}

/** One side of a pair → the resource's unit. A K/M/G/T suffix means bytes. */
function limitValue(line: Line, key: string, token: string): number | null {
  if (token === 'unlimited') return null;
  const m = /^(\d+(?:\.\d+)?)([KMGTkmgt])?$/.exec(token);
  if (!m) failAt(line, `${key}: not a number: ${JSON.stringify(token)}`);
  if (m[2] === undefined) return parseLimit(line, m[1]!, key);
  const bytes = parseDecimal(line, m[1]!, key) * SUFFIX[m[2].toUpperCase()]!;
  const resource = key.toLowerCase();
  if (resource === 'diskspace') return Math.floor(bytes / 1024);
  if (resource === 'diskinodes' || resourceUnit(resource) === 'count') failAt(line, `${key}: a size suffix on a count`);
  return resourceUnit(resource) === 'pages' ? Math.floor(bytes / 4096) : Math.floor(bytes);
}

export function parseCtConf(text: string): CtConf {
  const entries: Record<string, string> = {};
  const limits: Record<string, CtLimitPair> = {};
  for (const line of splitNonEmpty(TOOL, text)) {
    if (isBlank(line)) continue;
    const kv = tokeniseLine(line);
    if (kv === null) continue;
    const [key, value] = kv;
    entries[key] = value;
    if (!LIMIT_KEYS.has(key)) continue;
    const parts = value.split(':');
    if (parts.length > 2 || parts.some((p) => p === '')) failAt(line, `${key}: expected "barrier:limit"`);
    const barrier = limitValue(line, key, parts[0]!);
    limits[key.toLowerCase()] = { barrier, limit: parts[1] === undefined ? barrier : limitValue(line, key, parts[1]) };
  }
  return { entries, limits };
}
