import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell } from './csv';

describe('audit CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+cmd|/c calc', `"'+cmd|/c calc"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['＝1', `"'＝1"`],
    ['plain, "quoted"', `"plain, ""quoted"""`],
    ['line\nbreak', `"line\nbreak"`],
  ])('makes %j a safe cell', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header and one quoted row per entry, with dates in ISO and detail as JSON', () => {
    const csv = auditCsv([
      { id: 1, at: new Date('2026-01-02T03:04:05Z'), actorKind: 'user', actorLabel: '=evil@x', actorRole: 'admin', ip: '127.0.0.1', action: 'node.create', target: null, result: 'ok', detail: { input: { name: '=1' } } },
    ]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe('id,at,actor_kind,actor,role,ip,action,target,result,detail');
    expect(row).toBe(`"1","2026-01-02T03:04:05.000Z","user","'=evil@x","admin","127.0.0.1","node.create","","ok","{""input"":{""name"":""=1""}}"`);
    expect(end).toBe('');
  });
});
