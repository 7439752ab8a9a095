import { failAt, splitNonEmpty, tokens } from './tool-text';

/**
 * `vzctl status <id>` (legacy `CTID …`, OpenVZ 7 `VEID …`) and `prlctl status <name>` (`CT|VM …`),
 * docs/openvz/FORMATS.md §11 and docs/openvz/FORMULAS.md §9. Older legacy vzctl printed `VPSID …` (before
 * 3.0.11-3) and `VEID …` (3.0.11-3 to 3.0.22) with the same four words.
 */
export interface CtStatus {
  /** From the first word: `VEID` is read as OpenVZ 7, though vzctl 3.0.11-3 … 3.0.22 printed it too. */
  source: 'vzctl' | 'vzctl7' | 'prlctl';
  /** CT id, UUID or (prlctl) name, as printed. */
  ctId: string;
  type: 'CT' | 'VM';
  exists: boolean;
  /** null when the tool does not say (prlctl prints one state word). */
  mounted: boolean | null;
  /** The tool's own last word: running, down, suspended, paused, stopped, mounted, … */
  state: string;
  /** vzlist's one-word status: running, mounted, suspended, paused, stopped, or the prlctl state. */
  status: string;
}

const TOOL = 'vzctl-status' as const;

function reduceStatus(mounted: boolean, state: string): string {
  if (state === 'down') return mounted ? 'mounted' : 'stopped';
  return state;
}

export function parseCtStatus(text: string): CtStatus {
  const lines = splitNonEmpty(TOOL, text).filter((l) => l.text.trim() !== '');
  const line = lines[0]!;
  if (lines.length > 1) failAt(lines[1]!, 'expected a single status line');
  const toks = tokens(line.text);
  const [prefix, ctId, exist] = toks;
  if (exist !== 'exist' && exist !== 'deleted') failAt(line, 'expected "exist" or "deleted" as the third word');
  const exists = exist === 'exist';
  if ((prefix === 'CT' || prefix === 'VM') && exist === 'deleted' && toks.length === 3) {
    // prlctl prints `VM <id> deleted` for an id it does not know, whatever its kind (OpenVZ/prlctl
    // src/PrlSrv.cpp status_vm()).
    return { source: 'prlctl', ctId: ctId!, type: prefix, exists: false, mounted: null, state: 'deleted', status: 'deleted' };
  }
  if (prefix === 'CT' || prefix === 'VM') {
    if (toks.length !== 4) failAt(line, `expected "${prefix} <name> exist <state>"`);
    const state = toks[3]!;
    return { source: 'prlctl', ctId: ctId!, type: prefix, exists, mounted: state === 'mounted' ? true : null, state, status: state };
  }
  if (prefix !== 'CTID' && prefix !== 'VEID' && prefix !== 'VPSID') failAt(line, 'expected the line to start with CTID, VEID, VPSID, CT or VM');
  const mountWord = toks[3];
  if (mountWord !== 'mounted' && mountWord !== 'unmounted') failAt(line, 'expected "mounted" or "unmounted" as the fourth word');
  const mounted = mountWord === 'mounted';
  // Legacy appends " suspended" after "down" when a dump file exists.
  const rest = toks.slice(4);
  const state = rest.join(' ') === 'down suspended' ? 'suspended' : rest.length === 1 ? rest[0]! : '';
  if (!/^(running|down|suspended|paused)$/.test(state)) failAt(line, `unknown state ${JSON.stringify(rest.join(' '))}`);
  const source = prefix === 'VEID' ? 'vzctl7' : 'vzctl';
  return { source, ctId: ctId!, type: 'CT', exists, mounted, state, status: reduceStatus(mounted, state) };
}
