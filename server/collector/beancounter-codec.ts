import { endianness } from 'node:os';
import type { Beancounter, BeancounterBlock } from '../openvz/beancounters';
import { sameText } from '../openvz/byte-text';

/**
 * One poll's beancounters as bytes, the form the collector stores (snapshots.beancounters_packed).
 * Every poll of every node writes this, so its size is what the collector sends Postgres each poll.
 * Two layouts, told apart by the first byte; the reader takes both.
 *
 * v2 (what encodeBeancounters writes): unsigned LEB128 varints throughout.
 *   u8 version = 2
 *   varint name count, then per name: varint byte length, UTF-8 bytes   (resource names, each once)
 *   varint block count, then per block: varint byte length, UTF-8 CT id, varint row count
 *   per row (all blocks, in order): varint name index, then held, maxheld, barrier, limit, failcnt
 *   each as varint (value + 1), 0 = null (unlimited barrier/limit)
 * Beancounter figures are small integers, so a row takes ~12 bytes instead of v1's 44: at 60 CTs
 * per node the stored bytes went from ~52 kB to ~14 kB, and the socket write to Postgres was the
 * largest single item in the collector's profile (issue 16).
 *
 * v1 (written before; still written when a value is not a safe non-negative integer, which the
 * parsers never produce but a v1 row read back may hold), little-endian:
 *   u8 version = 1
 *   u32 name count, then per name: u32 byte length, UTF-8 bytes
 *   u32 block count, then per block: u32 byte length, UTF-8 CT id, u32 row count
 *   zero bytes to a multiple of 4, then u32 name index per row (all blocks, in order)
 *   zero bytes to a multiple of 8, then f64 held, maxheld, barrier, limit, failcnt per row
 * barrier/limit NaN = null (unlimited); the two arrays are read as typed arrays, hence the alignment.
 */
const FIXED = 1;
const VARINT = 2;
const VALUES_PER_ROW = 5;
/** A varint of more bytes than this holds more than 2^53: not something v2 writes. */
const MAX_VARINT_BYTES = 8;
if (endianness() !== 'LE') throw new Error('vzfleet stores beancounters little-endian and reads them with typed arrays: a big-endian host is not supported');

export class BeancounterCodecError extends Error {
  constructor(reason: string) {
    super(`stored beancounters: ${reason}`);
    this.name = 'BeancounterCodecError';
  }
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

/** The blocks as bytes: v2, or v1 when a figure cannot be a v2 varint. */
export function encodeBeancounters(blocks: readonly BeancounterBlock[]): Buffer {
  return encodeVarint(blocks) ?? encodeFixed(blocks);
}

const varintable = (v: number) => Number.isSafeInteger(v) && v >= 0;
const nullableVarintable = (v: number | null) => v === null || varintable(v);

/** Grown as needed and reused: each poll's bytes are copied out at their exact size. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Resource names (each once, in the order first seen) and CT ids as UTF-8: the head of both layouts. */
function headOf(blocks: readonly BeancounterBlock[]): { nameIndex: Map<string, number>; nameStrings: string[]; names: Buffer[]; ctIds: Buffer[]; rows: number } {
  const nameIndex = new Map<string, number>();
  const nameStrings: string[] = [];
  const names: Buffer[] = [];
  const ctIds: Buffer[] = [];
  let rows = 0;
  for (const block of blocks) {
    ctIds.push(Buffer.from(block.ctId, 'utf8'));
    rows += block.beancounters.length;
    for (const bc of block.beancounters) {
      if (nameIndex.has(bc.resource)) continue;
      nameIndex.set(bc.resource, names.length);
      nameStrings.push(bc.resource);
      names.push(Buffer.from(bc.resource, 'utf8'));
    }
  }
  return { nameIndex, nameStrings, names, ctIds, rows };
}

const byteLength = (parts: readonly Buffer[]) => parts.reduce((n, b) => n + b.length, 0);

function encodeVarint(blocks: readonly BeancounterBlock[]): Buffer | null {
  for (const block of blocks) {
    for (const bc of block.beancounters) {
      if (!varintable(bc.held) || !varintable(bc.maxheld) || !varintable(bc.failcnt) || !nullableVarintable(bc.barrier) || !nullableVarintable(bc.limit)) return null;
    }
  }
  const { nameIndex, nameStrings, names, ctIds, rows } = headOf(blocks);
  // Worst case: every varint at its longest.
  const worst =
    1 +
    MAX_VARINT_BYTES * 2 +
    names.length * MAX_VARINT_BYTES +
    byteLength(names) +
    ctIds.length * MAX_VARINT_BYTES * 2 +
    byteLength(ctIds) +
    rows * (VALUES_PER_ROW + 1) * MAX_VARINT_BYTES;
  if (scratch.length < worst) scratch = Buffer.allocUnsafe(worst);
  // A plain Uint8Array view: V8 indexes it faster than a Buffer (a subclass).
  const out = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.length);
  out[0] = VARINT;
  let o = putVarint(out, 1, names.length);
  for (const name of names) {
    o = putVarint(out, o, name.length);
    out.set(name, o);
    o += name.length;
  }
  o = putVarint(out, o, blocks.length);
  blocks.forEach((block, b) => {
    const id = ctIds[b]!;
    o = putVarint(out, o, id.length);
    out.set(id, o);
    o += id.length;
    o = putVarint(out, o, block.beancounters.length);
  });
  for (const block of blocks) {
    // Blocks list their resources in the order they were first seen: the next name is the guess.
    let next = 0;
    for (const bc of block.beancounters) {
      const name = next < nameStrings.length && nameStrings[next] === bc.resource ? next : nameIndex.get(bc.resource)!;
      next = name + 1;
      o = putVarint(out, o, name);
      o = putVarint(out, o, bc.held + 1);
      o = putVarint(out, o, bc.maxheld + 1);
      o = putVarint(out, o, bc.barrier === null ? 0 : bc.barrier + 1);
      o = putVarint(out, o, bc.limit === null ? 0 : bc.limit + 1);
      o = putVarint(out, o, bc.failcnt + 1);
    }
  }
  return Buffer.from(out.subarray(0, o));
}

/** Unsigned LEB128 of 0 ≤ v ≤ 2^53 (exact in a double, so the divisions below are exact too). */
function putVarint(out: Uint8Array, o: number, v: number): number {
  while (v >= 0x80000000) {
    out[o++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v > 0x7f) {
    out[o++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[o++] = v;
  return o;
}

function encodeFixed(blocks: readonly BeancounterBlock[]): Buffer {
  const { nameIndex, names, ctIds, rows } = headOf(blocks);
  const head = 1 + 4 + names.length * 4 + byteLength(names) + 4 + ctIds.length * 8 + byteLength(ctIds);
  const indexAt = align(head, 4);
  const valuesAt = align(indexAt + rows * 4, 8);
  const memory = new ArrayBuffer(valuesAt + rows * VALUES_PER_ROW * 8);
  const out = Buffer.from(memory);
  const index = new Uint32Array(memory, indexAt, rows);
  const values = new Float64Array(memory, valuesAt, rows * VALUES_PER_ROW);
  let o = out.writeUInt8(FIXED, 0);
  o = out.writeUInt32LE(names.length, o);
  for (const name of names) {
    o = out.writeUInt32LE(name.length, o);
    o += name.copy(out, o);
  }
  o = out.writeUInt32LE(blocks.length, o);
  let r = 0;
  blocks.forEach((block, b) => {
    const id = ctIds[b]!;
    o = out.writeUInt32LE(id.length, o);
    o += id.copy(out, o);
    o = out.writeUInt32LE(block.beancounters.length, o);
    for (const bc of block.beancounters) {
      index[r] = nameIndex.get(bc.resource)!;
      const v = r * VALUES_PER_ROW;
      values[v] = bc.held;
      values[v + 1] = bc.maxheld;
      values[v + 2] = bc.barrier ?? NaN;
      values[v + 3] = bc.limit ?? NaN;
      values[v + 4] = bc.failcnt;
      r++;
    }
  });
  return out;
}

/**
 * The blocks back, or only those of `ctIds` (the rest are skipped without building their rows).
 * Throws BeancounterCodecError on bytes that are not this layout: a reader should never get a
 * half-read snapshot.
 */
export function decodeBeancounters(bytes: Uint8Array, ctIds?: ReadonlySet<string>): BeancounterBlock[] {
  if (bytes.byteLength === 0) throw new BeancounterCodecError('cut off at byte 0 of 0');
  const version = bytes[0];
  if (version === VARINT) return decodeVarint(bytes, ctIds);
  if (version === FIXED) return decodeFixed(bytes, ctIds);
  throw new BeancounterCodecError(`unknown layout version ${version}`);
}

function decodeVarint(bytes: Uint8Array, ctIds?: ReadonlySet<string>): BeancounterBlock[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buf.length;
  const reader = new VarintReader(buf, 1);
  const varint = (): number => {
    const v = reader.next();
    if (v === CUT_OFF) throw new BeancounterCodecError(`cut off at byte ${reader.at} of ${end}`);
    if (v === TOO_LONG) throw new BeancounterCodecError(`a number at byte ${reader.at} runs past ${MAX_VARINT_BYTES} bytes`);
    return v;
  };
  const text = () => {
    const len = varint();
    if (reader.at + len > end) throw new BeancounterCodecError(`cut off at byte ${reader.at} of ${end}`);
    const s = buf.toString('utf8', reader.at, reader.at + len);
    reader.at += len;
    return s;
  };
  // A null-able figure: 0 is null, anything else is one more than the value.
  const figure = () => varint() - 1;
  const nameCount = varint();
  const names: string[] = [];
  for (let i = 0; i < nameCount; i++) names.push(text());
  const blockCount = varint();
  const heads: { ctId: string; rows: number }[] = [];
  for (let b = 0; b < blockCount; b++) heads.push({ ctId: text(), rows: varint() });
  const blocks: BeancounterBlock[] = [];
  let r = 0;
  for (const { ctId, rows: n } of heads) {
    const keep = !ctIds || ctIds.has(ctId);
    const beancounters: Beancounter[] = keep ? new Array(n) : [];
    for (let k = 0; k < n; k++, r++) {
      const at = varint();
      const name = names[at];
      if (name === undefined) throw new BeancounterCodecError(`name index ${at} of row ${r} out of range`);
      const held = figure();
      const maxheld = figure();
      const barrier = figure();
      const limit = figure();
      const failcnt = figure();
      if (held < 0 || maxheld < 0 || failcnt < 0) throw new BeancounterCodecError(`row ${r} has no held, maxheld or failcnt`);
      if (keep) beancounters[k] = { resource: name, held, maxheld, barrier: barrier < 0 ? null : barrier, limit: limit < 0 ? null : limit, failcnt };
    }
    if (keep) blocks.push({ ctId, beancounters });
  }
  if (reader.at < end) throw new BeancounterCodecError(`${end - reader.at} bytes after the last row`);
  return blocks;
}

/** What VarintReader.next() gives instead of a number: the bytes ended, or the number ran too long. */
const CUT_OFF = -1;
const TOO_LONG = -2;

/** v2's unsigned LEB128 varints, read from `at` on (decodeVarint and previousOverPacked). */
class VarintReader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  next(): number {
    const bytes = this.bytes;
    let v = 0;
    let scale = 1;
    for (let k = 0; k < MAX_VARINT_BYTES; k++) {
      if (this.at >= bytes.length) return CUT_OFF;
      const byte = bytes[this.at++]!;
      v += (byte & 0x7f) * scale;
      if (byte < 0x80) return v;
      scale *= 0x80;
    }
    return TOO_LONG;
  }
}

function decodeFixed(bytes: Uint8Array, ctIds?: ReadonlySet<string>): BeancounterBlock[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Past the version byte, which decodeBeancounters read.
  let o = 1;
  const need = (n: number) => {
    if (o + n > buf.length) throw new BeancounterCodecError(`cut off at byte ${o} of ${buf.length}`);
  };
  const u32 = () => {
    need(4);
    const v = buf.readUInt32LE(o);
    o += 4;
    return v;
  };
  const text = () => {
    const len = u32();
    need(len);
    const s = buf.toString('utf8', o, o + len);
    o += len;
    return s;
  };
  const nameCount = u32();
  const names: string[] = [];
  for (let i = 0; i < nameCount; i++) names.push(text());
  const blockCount = u32();
  const heads: { ctId: string; rows: number }[] = [];
  let rows = 0;
  for (let b = 0; b < blockCount; b++) {
    const ctId = text();
    const n = u32();
    heads.push({ ctId, rows: n });
    rows += n;
  }
  const indexAt = align(o, 4);
  const valuesAt = align(indexAt + rows * 4, 8);
  const end = valuesAt + rows * VALUES_PER_ROW * 8;
  if (end > buf.length) throw new BeancounterCodecError(`cut off: ${rows} rows need ${end} bytes, found ${buf.length}`);
  if (end < buf.length) throw new BeancounterCodecError(`${buf.length - end} bytes after the last row`);
  // Typed-array views need aligned offsets; bytes read from a driver may start anywhere.
  const aligned = (buf.byteOffset % 8 === 0 ? buf : Buffer.from(buf)) as Buffer;
  const index = new Uint32Array(aligned.buffer, aligned.byteOffset + indexAt, rows);
  const values = new Float64Array(aligned.buffer, aligned.byteOffset + valuesAt, rows * VALUES_PER_ROW);
  const blocks: BeancounterBlock[] = [];
  let r = 0;
  for (const { ctId, rows: n } of heads) {
    if (ctIds && !ctIds.has(ctId)) {
      r += n;
      continue;
    }
    const beancounters: Beancounter[] = new Array(n);
    for (let k = 0; k < n; k++, r++) {
      const name = names[index[r]!];
      if (name === undefined) throw new BeancounterCodecError(`name index ${index[r]} of row ${r} out of range`);
      const v = r * VALUES_PER_ROW;
      const barrier = values[v + 2]!;
      const limit = values[v + 3]!;
      beancounters[k] = {
        resource: name,
        held: values[v]!,
        maxheld: values[v + 1]!,
        barrier: Number.isNaN(barrier) ? null : barrier,
        limit: Number.isNaN(limit) ? null : limit,
        failcnt: values[v + 4]!,
      };
    }
    blocks.push({ ctId, beancounters });
  }
  return blocks;
}

/**
 * The previous poll's beancounters, read from its stored bytes (v2) and laid over `next`, this
 * poll's rows: what the failcnt events and the limit observations compare against. A row whose
 * failcnt, barrier and limit did not move is `next`'s own row object, and a block with no such row
 * is `next`'s own block; only held/maxheld may differ, and neither comparison reads them.
 *
 * Null when the bytes do not list the same CTs and resources in the same order as `next` (or are
 * v1, or malformed): the caller then decodes them in full. Most polls list the same rows, and the
 * bytes are kept for the next poll anyway, so nothing else need be kept: the number[] of figures a
 * poll used to keep for this was ~49 kB a node that lived a whole interval (allocated ~3 times over
 * as it grew), promoted to the old generation and marked by every full collection.
 */
export function previousOverPacked(bytes: Uint8Array, next: readonly BeancounterBlock[]): BeancounterBlock[] | null {
  const end = bytes.byteLength;
  if (end === 0 || bytes[0] !== VARINT) return null;
  // reader.next() is negative when the bytes end or a number runs too long: every caller then gives up.
  const reader = new VarintReader(bytes, 1);
  // Whether the next length-prefixed text reads `text`: compared as char codes, so a name or id
  // outside ASCII never matches and goes the careful way.
  const reads = (text: string): boolean => {
    const len = reader.next();
    if (len < 0 || reader.at + len > end || !sameText(bytes, reader.at, reader.at + len, text)) return false;
    reader.at += len;
    return true;
  };
  const nameCount = reader.next();
  if (nameCount < 0) return null;
  // Where each name's bytes are; a name is compared with a row's resource once, then by identity.
  const nameAt: number[] = [];
  for (let i = 0; i < nameCount; i++) {
    const at = reader.at;
    const len = reader.next();
    if (len < 0 || reader.at + len > end) return null;
    nameAt.push(at);
    reader.at += len;
  }
  const names: (string | undefined)[] = new Array(nameCount);
  const nameReads = (i: number, resource: string): boolean => {
    if (names[i] === resource) return true;
    if (i >= nameCount) return false;
    const back = reader.at;
    reader.at = nameAt[i]!;
    const same = reads(resource);
    reader.at = back;
    if (same) names[i] = resource;
    return same;
  };
  if (reader.next() !== next.length) return null;
  for (const block of next) {
    if (!reads(block.ctId) || reader.next() !== block.beancounters.length) return null;
  }
  const out: BeancounterBlock[] = new Array(next.length);
  for (let b = 0; b < next.length; b++) {
    const block = next[b]!;
    let rows: Beancounter[] | null = null;
    for (let i = 0; i < block.beancounters.length; i++) {
      const bc = block.beancounters[i]!;
      const name = reader.next();
      if (name < 0 || !nameReads(name, bc.resource)) return null;
      const held = reader.next();
      const maxheld = reader.next();
      const barrierPlusOne = reader.next();
      const limitPlusOne = reader.next();
      const failcntPlusOne = reader.next();
      if (held < 1 || maxheld < 1 || barrierPlusOne < 0 || limitPlusOne < 0 || failcntPlusOne < 1) return null;
      const barrier = barrierPlusOne === 0 ? null : barrierPlusOne - 1;
      const limit = limitPlusOne === 0 ? null : limitPlusOne - 1;
      const failcnt = failcntPlusOne - 1;
      if (bc.failcnt === failcnt && bc.barrier === barrier && bc.limit === limit) continue;
      rows ??= block.beancounters.slice();
      rows[i] = { ...bc, failcnt, barrier, limit };
    }
    out[b] = rows ? { ctId: block.ctId, beancounters: rows } : block;
  }
  return reader.at === end ? out : null;
}
