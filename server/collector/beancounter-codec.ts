import { endianness } from 'node:os';
import type { Beancounter, BeancounterBlock } from '../openvz/beancounters';

/**
 * One poll's beancounters as bytes, the form the collector stores (snapshots.beancounters_packed).
 * Every poll of every node writes this: as JSON it cost a stringify here and a jsonb parse in
 * Postgres for ~1,500 rows; as bytes it is two array copies. Layout (v1), little-endian:
 *
 *   u8 version = 1
 *   u32 name count, then per name: u32 byte length, UTF-8 bytes     (resource names, each once)
 *   u32 block count, then per block: u32 byte length, UTF-8 CT id, u32 row count
 *   zero bytes to a multiple of 4, then u32 name index per row (all blocks, in order)
 *   zero bytes to a multiple of 8, then f64 held, maxheld, barrier, limit, failcnt per row
 *
 * barrier/limit NaN = null (unlimited). Values are the parsers' numbers (safe integers): f64 holds
 * them exactly. The two arrays are copied as typed arrays, hence the alignment.
 */
const VERSION = 1;
const VALUES_PER_ROW = 5;
if (endianness() !== 'LE') throw new Error('vzfleet stores beancounters little-endian and reads them with typed arrays: a big-endian host is not supported');

export class BeancounterCodecError extends Error {
  constructor(reason: string) {
    super(`stored beancounters: ${reason}`);
    this.name = 'BeancounterCodecError';
  }
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

export function encodeBeancounters(blocks: readonly BeancounterBlock[]): Buffer {
  const nameIndex = new Map<string, number>();
  const names: Buffer[] = [];
  const ctIds: Buffer[] = [];
  let head = 1 + 4 + 4;
  let rows = 0;
  for (const block of blocks) {
    const id = Buffer.from(block.ctId, 'utf8');
    ctIds.push(id);
    head += 4 + id.length + 4;
    rows += block.beancounters.length;
    for (const bc of block.beancounters) {
      if (nameIndex.has(bc.resource)) continue;
      nameIndex.set(bc.resource, names.length);
      const name = Buffer.from(bc.resource, 'utf8');
      names.push(name);
      head += 4 + name.length;
    }
  }
  const indexAt = align(head, 4);
  const valuesAt = align(indexAt + rows * 4, 8);
  const memory = new ArrayBuffer(valuesAt + rows * VALUES_PER_ROW * 8);
  const out = Buffer.from(memory);
  const index = new Uint32Array(memory, indexAt, rows);
  const values = new Float64Array(memory, valuesAt, rows * VALUES_PER_ROW);
  let o = out.writeUInt8(VERSION, 0);
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
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
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
  need(1);
  const version = buf.readUInt8(o++);
  if (version !== VERSION) throw new BeancounterCodecError(`unknown layout version ${version}`);
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
