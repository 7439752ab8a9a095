import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { renderBcResources, renderUserBeancounters } from '../../sim/render/beancounters';
import { parseBeancounters } from './beancounters';
import { scanBeancounters } from './beancounters-scan';
import { readSample } from './test-support';

/** What the collector does: the scan, and the careful parser where the scan gives up. */
function either(text: string, options: { ctId?: string } = {}) {
  try {
    return { ok: scanBeancounters(Buffer.from(text, 'utf8'), options) ?? parseBeancounters(text, options) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function careful(text: string, options: { ctId?: string } = {}) {
  try {
    return { ok: parseBeancounters(text, options) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const samples = readdirSync(join(import.meta.dirname, 'samples')).filter((f) => /^proc_(user_beancounters|bc_resources)/.test(f));
const legacy = createNodeModel({ seed: 11, index: 0, ctsPerNode: 12, generation: 'legacy' });
const vz7 = createNodeModel({ seed: 12, index: 1, ctsPerNode: 12, generation: 'vz7' });
const rendered = [renderUserBeancounters(legacy), renderUserBeancounters(vz7)];

describe('scanBeancounters', () => {
  it.each(samples)('reads %s as parseBeancounters does', (name) => {
    const text = readSample(name);
    expect(either(text)).toEqual(careful(text));
  });

  it('reads the simulator\'s legacy and OpenVZ 7 listings itself, row for row as parseBeancounters', () => {
    for (const text of rendered) {
      const scanned = scanBeancounters(Buffer.from(text));
      expect(scanned).not.toBeNull();
      expect(scanned).toEqual(parseBeancounters(text));
    }
  });

  it('reads /proc/bc/<id>/resources (no id column) with the id it is given', () => {
    const text = renderBcResources(legacy);
    expect(either(text, { ctId: '101' })).toEqual(careful(text, { ctId: '101' }));
  });

  it('shares resource names between blocks instead of copying them', () => {
    const { blocks } = scanBeancounters(Buffer.from(rendered[0]!))!;
    expect(blocks.length).toBeGreaterThan(2);
    // Same string either way; the test pins that the scan found the match, via a name it cannot mistake.
    expect(blocks[2]!.beancounters.map((b) => b.resource)).toEqual(blocks[1]!.beancounters.map((b) => b.resource));
  });

  const base = rendered[0]!;
  const lines = base.split('\n');
  const row = lines.findIndex((l) => /privvmpages/.test(l) && !l.includes(':'));
  const withRow = (f: (l: string) => string) => lines.map((l, i) => (i === row ? f(l) : l)).join('\n');
  const broken: Record<string, string> = {
    'CRLF line': withRow((l) => `${l}\r`),
    'blank line among rows': withRow((l) => `${l}\n`),
    'whitespace-only line': withRow((l) => `${l}\n   \t`),
    'LONG_MAX barrier': withRow((l) => l.replace(/(\S+)(\s+\S+\s+\S+)$/, '9223372036854775807$2')),
    'INT_MAX limit': withRow((l) => l.replace(/(\S+)(\s+\S+)$/, '2147483647$2')),
    'leading zeros in a long value': withRow((l) => l.replace(/(\S+)$/, '0000000000007')),
    '15-digit held': withRow((l) => l.replace(/^(\s*\S+\s+)\S+/, '$1123456789012345')),
    '16-digit held (past exact)': withRow((l) => l.replace(/^(\s*\S+\s+)\S+/, '$19007199254740993')),
    'negative number': withRow((l) => l.replace(/(\S+)$/, '-1')),
    'six numbers': withRow((l) => `${l} 5`),
    'four numbers': withRow((l) => l.replace(/\s+\S+$/, '')),
    'capital in a resource': withRow((l) => l.replace('privvmpages', 'Privvmpages')),
    'UTF-8 in a resource': withRow((l) => l.replace('privvmpages', 'privvmpagés')),
    'NUL byte': withRow((l) => l.replace('privvmpages', 'privvm\0pages')),
    'tabs between columns': withRow((l) => l.trim().split(/\s+/).join('\t')),
    'empty id before a colon': base.replace(/^(\s*)\d+:/m, '$1:'),
    'odd id': base.replace(/^(\s*)(\d+):/m, '$1$2.5:'),
    'no Version line': lines.slice(1).join('\n'),
    'no header': [lines[0]!, ...lines.slice(2)].join('\n'),
    'header only': lines.slice(0, 2).join('\n'),
    'empty': '',
    'no final newline': base.replace(/\n$/, ''),
    'two final newlines': `${base}\n`,
    'rows before any id': [lines[0]!, lines[1]!, lines[row]!, ...lines.slice(2)].join('\n'),
  };
  it.each(Object.keys(broken))('gives parseBeancounters\' answer for: %s', (what) => {
    const text = broken[what]!;
    expect(text).not.toBe(base);
    expect(either(text)).toEqual(careful(text));
  });

  it('gives up on inputs outside its grammar (so the careful parser words the error)', () => {
    expect(scanBeancounters(Buffer.from(broken['CRLF line']!))).toBeNull();
    expect(scanBeancounters(Buffer.from(broken['negative number']!))).toBeNull();
    expect(scanBeancounters(Buffer.from(''))).toBeNull();
  });
});
