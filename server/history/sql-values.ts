/**
 * Small helpers shared by the history store: real arrays sent as text (the same bytes on pg and
 * PGlite, NaN and Infinity included). Rows, int and text arrays: db/sql-rows.ts.
 */

/** `{1.5,NaN,Infinity}` for a real[] parameter; a finite value past float4's range becomes ±Infinity. */
export function realArrayLiteral(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) parts[i] = v > 0 ? 'Infinity' : '-Infinity';
    else parts[i] = String(v);
  }
  return `{${parts.join(',')}}`;
}

/** SQLSTATE of a driver error, also when Drizzle wrapped it. */
export function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export const toMs = (v: Date | number | string): number => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : new Date(v).getTime());

export const isoLiteral = (ms: number): string => new Date(ms).toISOString();

/** Splits rows into chunks of at most `size`. */
export function chunked<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * `{1.5,NaN,Infinity,NULL}` (a real[]/int[] as Postgres prints it) → numbers, NULL → null. Reading
 * arrays as text and splitting them here is several times faster than the drivers' generic array
 * parsers, which matters when a rollup reads millions of values.
 */
export function parseNumberArrayText(text: string | null): (number | null)[] | null {
  if (text === null) return null;
  if (text.length <= 2) return [];
  const parts = text.slice(1, -1).split(',');
  const out = new Array<number | null>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out[i] = p === 'NULL' ? null : Number(p);
  }
  return out;
}

/** As parseNumberArrayText for arrays without NULLs (stored value arrays). */
export function parseValuesText(text: string): number[] {
  const a = parseNumberArrayText(text)!;
  if (a.includes(null)) throw new Error('history: unexpected NULL in a stored value array');
  return a as number[];
}

const FLOAT4_OID = 700;
const INT4_OID = 23;

/**
 * A real[] or int[] in Postgres' binary form (`array_send(col)`, a bytea: Buffer from pg,
 * Uint8Array from PGlite) → numbers, NULL → NaN. A rollup reads millions of values: decoding
 * binary skips float formatting in the server and number parsing here (about 10× less CPU than text).
 */
export function decodeArraySend(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ndim = dv.getInt32(0);
  if (ndim === 0) return [];
  if (ndim !== 1) throw new Error(`history: expected a one-dimensional array, got ${ndim} dimensions`);
  const oid = dv.getUint32(8);
  if (oid !== FLOAT4_OID && oid !== INT4_OID) throw new Error(`history: unexpected array element type ${oid}`);
  const n = dv.getInt32(12);
  const out = new Array<number>(n);
  let o = 20;
  for (let i = 0; i < n; i++) {
    const len = dv.getInt32(o);
    o += 4;
    if (len < 0) {
      out[i] = NaN;
      continue;
    }
    out[i] = oid === FLOAT4_OID ? dv.getFloat32(o) : dv.getInt32(o);
    o += len;
  }
  return out;
}
