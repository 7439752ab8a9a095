/**
 * /proc/user_beancounters and /proc/bc/resources, 64-bit layout (FORMATS §1.1–1.3): uid R10, the
 * resource L12 and five numbers, each a space plus R20 — 129 characters per full row.
 *  - legacy (2.6.18/2.6.32): `"<id>:"` R10, two spaces, the name (`      101:  kmemsize`);
 *  - OpenVZ 7 (3.10, kernel/bc/proc.c `"%10s%c %-12s"`): the id R10, then `:`, one space, the
 *    name (`       101: kmemsize`); a UUID id overflows the field and pushes the line.
 * The same 24 rows (4 dummy) in both; /proc/bc/resources drops the dummies and adds swappages
 * (not on 2.6.18, which has no swappages).
 */
import type { DummyStyle, SimBeancounter, SimContainer, SimNodeModel, Ubc } from '../world/model';
import { PROC_UBC_ROWS, UBC_RESOURCES } from '../world/plans';
import { lines, padLeft, padRight, ulong } from './format';

export const BEANCOUNTERS_VERSION_LINE = 'Version: 2.5';
export const BEANCOUNTERS_HEADER =
  '       uid  resource                     held              maxheld              barrier                limit              failcnt';

export interface BeancounterRenderOptions {
  /** Fault injection: corrupt one number of the first block (e.g. `12x45`), as a broken kernel/pipe would. */
  garbled?: boolean;
  /** The view from inside this CT: only its own block (FORMATS §1.1 "Visibility"). */
  inside?: SimContainer;
}

type RowStyle = 'legacy' | 'vz7';

const BLANK = ' '.repeat(21);
/** ` %20s` — hand-rolled: this file is rendered for every node at every poll. */
const col = (v: string) => (v.length >= 20 ? ` ${v}` : BLANK.slice(0, 21 - v.length) + v);

function row(style: RowStyle, uid: string, first: boolean, name: string, values: readonly string[]): string {
  const head = style === 'vz7' ? (first ? `${padLeft(uid, 10)}: ` : '            ') : first ? `${padLeft(`${uid}:`, 10)}  ` : '            ';
  let line = head + padRight(name, 12);
  for (const v of values) line += col(v);
  return line;
}

function values(bc: SimBeancounter): string[] {
  return [String(bc.held), String(bc.maxheld), ulong(bc.barrier), ulong(bc.limit), String(bc.failcnt)];
}

function dummyValues(style: DummyStyle, i: number): string[] {
  const limit = style === 'max' || (style === 'max-then-zero' && i === 0) ? ulong(null) : '0';
  return ['0', '0', limit, limit, '0'];
}

interface Block {
  id: string;
  ubc: Ubc;
  dummy: DummyStyle;
  swappages: SimBeancounter;
}

const HOST_SWAP: SimBeancounter = { held: 0, maxheld: 0, barrier: 0, limit: null, failcnt: 0 };

/**
 * Beancounters that exist: running CTs in the kernel's list order, and the host (id 0) — last on
 * legacy kernels, first on OpenVZ 7 (ub0 heads the list there).
 */
function blocks(model: SimNodeModel, inside?: SimContainer): Block[] {
  const block = (ct: SimContainer): Block => ({ id: ct.ctid, ubc: ct.ubc, dummy: model.dummyStyle, swappages: ct.swappages });
  if (inside) return inside.status === 'running' ? [block(inside)] : [];
  const cts = model.containers.filter((ct) => ct.status === 'running').map(block);
  const host: Block = { id: '0', ubc: model.ct0, dummy: 'max', swappages: HOST_SWAP };
  return model.generation === 'vz7' ? [host, ...cts] : [...cts, host];
}

function garble(text: string): string {
  return text.length >= 3 ? `${text.slice(0, 2)}x${text.slice(3)}` : `${text}x`;
}

export function renderUserBeancounters(model: SimNodeModel, opts: BeancounterRenderOptions = {}): string {
  const style: RowStyle = model.generation;
  let text = `${BEANCOUNTERS_VERSION_LINE}\n${BEANCOUNTERS_HEADER}\n`;
  const all = blocks(model, opts.inside);
  for (let blockIndex = 0; blockIndex < all.length; blockIndex++) {
    const b = all[blockIndex]!;
    let dummyIndex = 0;
    for (let i = 0; i < PROC_UBC_ROWS.length; i++) {
      const name = PROC_UBC_ROWS[i]!;
      const vals = name === 'dummy' ? dummyValues(b.dummy, dummyIndex++) : values(b.ubc[name]);
      if (opts.garbled && blockIndex === 0 && i === 0) vals[0] = garble(vals[0]!);
      text += `${row(style, b.id, i === 0, name, vals)}\n`;
    }
  }
  return text;
}

/** /proc/bc/resources: same layout, no dummy rows, swappages last (21 rows per block; 20 on 2.6.18). */
export function renderBcResources(model: SimNodeModel): string {
  const style: RowStyle = model.generation;
  const withSwap = model.kernelSeries !== '2.6.18';
  const out = [BEANCOUNTERS_VERSION_LINE, BEANCOUNTERS_HEADER];
  for (const b of blocks(model)) {
    UBC_RESOURCES.forEach((name, i) => out.push(row(style, b.id, i === 0, name, values(b.ubc[name]))));
    if (withSwap) out.push(row(style, b.id, false, 'swappages', values(b.swappages)));
  }
  return lines(out);
}
