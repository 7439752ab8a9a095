import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parserKindForSample, parsers } from './index';
import { SAMPLES_DIR as samplesDir } from './test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const goldenDir = path.join(here, '__golden__');
// A missing samples folder throws here and fails this file: it is never a silent skip.
const sampleFiles = fs
  .readdirSync(samplesDir)
  .filter((f) => f !== 'SOURCES.md')
  .sort();

function goldenPath(sample: string): string {
  return path.join(goldenDir, `${sample.replace(/\.txt$/, '')}.json`);
}

/** Numbers (finite), strings, booleans, null, arrays and plain objects only: no bigint, Date, undefined. */
function assertPlainJson(v: unknown, at = '$'): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${at}: non-finite number`);
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) throw new Error(`${at}: unsafe integer ${v}`);
    return;
  }
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainJson(x, `${at}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) assertPlainJson(x, `${at}.${k}`);
    return;
  }
  throw new Error(`${at}: not plain JSON data (${typeof v})`);
}

describe('every captured sample', () => {
  it('the samples folder holds the captures', () => {
    expect(sampleFiles.length).toBeGreaterThan(50);
  });

  it.each(sampleFiles)('%s parses to its reviewed golden JSON', (sample) => {
    const text = fs.readFileSync(path.join(samplesDir, sample), 'utf8');
    const parse = parsers[parserKindForSample(sample)] as (t: string) => unknown;
    const output = parse(text);
    assertPlainJson(output);
    const golden = goldenPath(sample);
    if (!fs.existsSync(golden)) {
      if (process.env.UPDATE_GOLDEN !== '1') {
        throw new Error(`no golden file ${path.relative(here, golden)}; run with UPDATE_GOLDEN=1 and review it`);
      }
      fs.mkdirSync(goldenDir, { recursive: true });
      fs.writeFileSync(golden, `${JSON.stringify(output, null, 2)}\n`);
    }
    expect(output).toStrictEqual(JSON.parse(fs.readFileSync(golden, 'utf8')));
  });

  it('has no golden file without a sample', () => {
    const expected = new Set(sampleFiles.map((s) => path.basename(goldenPath(s))));
    const orphans = fs.existsSync(goldenDir) ? fs.readdirSync(goldenDir).filter((g) => !expected.has(g)) : [];
    expect(orphans).toEqual([]);
  });
});
