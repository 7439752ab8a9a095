import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bytesOf, decodeFreeText } from './vzlist-free-text';

describe('decodeFreeText', () => {
  it('reads printable ASCII as itself, UTF-8 as text, and keeps the raw bytes of what does not decode', () => {
    expect(decodeFreeText('web01.example.com')).toEqual({ text: 'web01.example.com', rawHex: null, truncated: false });
    expect(decodeFreeText(Buffer.from('café', 'utf8').toString('latin1')).text).toBe('café');
    const bad = decodeFreeText('a\xffb');
    expect(bad.text).toBe('a\ufffdb');
    expect(bad.rawHex).toBe('61ff62');
    expect([...bytesOf('\xff')]).toEqual([0xff]);
  });

  it('gives a string of its own, not a view into the section text it was cut from', () => {
    // A string's representation is V8's business, visible only to its natives: asked in a child.
    const code = `
      const { decodeFreeText } = await import(${JSON.stringify(new URL('./vzlist-free-text.ts', import.meta.url).href)});
      const section = '"hostname": "' + 'web-' + Math.random().toString(36).slice(2) + '.customer.example.com' + '",' + ' '.repeat(4000);
      const cut = section.slice(13, section.indexOf('",'));
      %DebugPrint(cut);
      %DebugPrint(decodeFreeText(cut).text);
    `;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    const types = [...r.stdout.matchAll(/^ - type: (\w+)$/gm)].map((m) => m[1]);
    expect(types).toEqual(['SLICED_ONE_BYTE_STRING_TYPE', 'ONE_BYTE_STRING_TYPE']);
  });
});
