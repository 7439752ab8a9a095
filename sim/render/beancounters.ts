/**
 * /proc/user_beancounters and /proc/bc/resources, 64-bit layout (FORMATS §1.1–1.2): uid R10, two
 * spaces, resource L12, five numbers each a space plus R20 — 129 characters per full row.
 */
import type { SimBeancounter, SimNodeModel, Ubc } from '../model';
import { PROC_UBC_ROWS, UBC_RESOURCES, type UbcLimits } from '../plans';
import { lines, padLeft, padRight, ulong } from './format';

export const BEANCOUNTERS_VERSION_LINE = 'Version: 2.5';
export const BEANCOUNTERS_HEADER =
  '       uid  resource                     held              maxheld              barrier                limit              failcnt';

export interface BeancounterRenderOptions {
  /** Fault injection: corrupt one number of the first block (e.g. `12x45`), as a broken kernel/pipe would. */
  garbled?: boolean;
}

function row(uid: string, name: string, values: readonly string[]): string {
  return `${padLeft(uid, 10)}  ${padRight(name, 12)}${values.map((v) => ` ${padLeft(v, 20)}`).join('')}`;
}

function values(bc: SimBeancounter): string[] {
  return [String(bc.held), String(bc.maxheld), ulong(bc.barrier), ulong(bc.limit), String(bc.failcnt)];
}

function dummyValues(limits: UbcLimits): string[] {
  return ['0', '0', ulong(limits.barrier), ulong(limits.limit), '0'];
}

interface Block {
  id: number;
  ubc: Ubc;
  dummy: readonly UbcLimits[];
  swappages: SimBeancounter | null;
}

/** Beancounters that exist: running CTs in the kernel's list order, then the host (id 0). */
function blocks(model: SimNodeModel): Block[] {
  const cts: Block[] = model.containers
    .filter((ct) => ct.status === 'running')
    .map((ct) => ({ id: ct.ctId, ubc: ct.ubc, dummy: ct.dummy, swappages: ct.swappages }));
  const unlimited = { barrier: null, limit: null };
  const host: Block = {
    id: 0,
    ubc: model.ct0,
    dummy: [unlimited, unlimited, unlimited, unlimited],
    swappages: { held: 0, maxheld: 0, barrier: 0, limit: null, failcnt: 0 },
  };
  return [...cts, host];
}

function garble(text: string): string {
  return text.length >= 3 ? `${text.slice(0, 2)}x${text.slice(3)}` : `${text}x`;
}

export function renderUserBeancounters(model: SimNodeModel, opts: BeancounterRenderOptions = {}): string {
  const out = [BEANCOUNTERS_VERSION_LINE, BEANCOUNTERS_HEADER];
  blocks(model).forEach((b, blockIndex) => {
    let dummyIndex = 0;
    PROC_UBC_ROWS.forEach((name, i) => {
      const uid = i === 0 ? `${b.id}:` : '';
      const vals = name === 'dummy' ? dummyValues(b.dummy[dummyIndex++] ?? { barrier: 0, limit: 0 }) : values(b.ubc[name]);
      if (opts.garbled && blockIndex === 0 && i === 0) vals[0] = garble(vals[0]!);
      out.push(row(uid, name, vals));
    });
  });
  return lines(out);
}

/** /proc/bc/resources: same layout, no dummy rows, swappages last (21 rows per block). */
export function renderBcResources(model: SimNodeModel): string {
  const out = [BEANCOUNTERS_VERSION_LINE, BEANCOUNTERS_HEADER];
  for (const b of blocks(model)) {
    UBC_RESOURCES.forEach((name, i) => out.push(row(i === 0 ? `${b.id}:` : '', name, values(b.ubc[name]))));
    if (b.swappages) out.push(row('', 'swappages', values(b.swappages)));
  }
  return lines(out);
}
