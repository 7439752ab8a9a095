import { describe, expect, it } from 'vitest';
import { ctIdSchema } from '../../vocabulary/ct-id';
import { buildCollectLoop, buildCollectScript, buildMigrationProbe, buildProbe, buildVzlistJsonProbe, buildVzquotaStat, newSectionToken, SECTION_MARK, VZLIST_FIELDS, VZLIST_JSON_FIELDS } from './commands';

describe('command templates', () => {
  const T = '5f'.repeat(16);
  const M = `${SECTION_MARK}:${T}`;

  it('builds the collect script as fixed text with one begin/end marker pair per section, each carrying the token', () => {
    const script = buildCollectScript({ full: true, token: T });
    expect(script).toBe(
      `echo '${M} begin beancounters'; cat /proc/user_beancounters | tr -s ' '; echo "${M} end beancounters $?"; ` +
        `echo '${M} begin vzlist'; vzlist -a -j -o ${VZLIST_JSON_FIELDS.join(',')}; echo "${M} end vzlist $?"; ` +
        `echo '${M} begin vzcpucheck'; vzcpucheck -v; echo "${M} end vzcpucheck $?"; ` +
        `echo '${M} begin meminfo'; cat /proc/meminfo; echo "${M} end meminfo $?"`,
    );
    expect(buildCollectScript({ full: true, token: T, vzlistForm: 'json' })).toBe(script);
    // The plain edition, for forced-command wrappers generated before the squeeze: only the beancounters read differs.
    expect(buildCollectScript({ full: true, token: T, edition: 'plain' })).toBe(script.replace("cat /proc/user_beancounters | tr -s ' '", 'cat /proc/user_beancounters'));
  });

  it('closes the stdin of a section pipeline\'s first stage in the collect loop, not its last (tr reads the pipe)', () => {
    expect(buildCollectLoop()).toContain(`cat /proc/user_beancounters </dev/null | tr -s ' '; echo "$m end beancounters $?"`);
    expect(buildCollectLoop('plain')).toContain(`cat /proc/user_beancounters </dev/null; echo "$m end beancounters $?"`);
    expect(buildCollectLoop('plain')).not.toContain('tr -s');
  });

  it('without -j, reads structured fields in one call and each free-text field last in a call of its own', () => {
    const script = buildCollectScript({ full: true, token: T, vzlistForm: 'table' });
    expect(script).toContain(`echo '${M} begin vzlist'; vzlist -a -H -o ${VZLIST_FIELDS.join(',')}; echo "${M} end vzlist $?"; `);
    expect(VZLIST_FIELDS.at(-1)).toBe('ip'); // several space-separated IPs only parse in the last column
    expect(VZLIST_FIELDS).not.toContain('hostname');
    for (const f of ['hostname', 'name', 'description']) {
      expect(script).toContain(`echo '${M} begin vzlist-${f}'; vzlist -a -H -o ctid,${f}; echo "${M} end vzlist-${f} $?"; `);
    }
    expect(buildVzlistJsonProbe()).toBe('vzlist -a -j -o ctid');
  });

  it('builds the fast script with beancounters and the running set only', () => {
    expect(buildCollectScript({ full: false, token: T })).toBe(
      `echo '${M} begin beancounters'; cat /proc/user_beancounters | tr -s ' '; echo "${M} end beancounters $?"; ` +
        `echo '${M} begin vzstatus'; vzlist -a -H -o ctid,status; echo "${M} end vzstatus $?"`,
    );
  });

  it('takes only a 32-hex-digit token, and makes a different one each time', () => {
    for (const token of ['', 'ab', 'AB'.repeat(16), `${'a'.repeat(31)}'`, "x'; id; echo '", 'g'.repeat(32)]) {
      expect(() => buildCollectScript({ full: true, token })).toThrow(/section token/);
      expect(() => buildMigrationProbe(token)).toThrow(/section token/);
    }
    const tokens = new Set(Array.from({ length: 50 }, () => newSectionToken()));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^[0-9a-f]{32}$/);
  });

  it('builds vzquota stat for numeric and UUID CT ids', () => {
    expect(buildVzquotaStat('101')).toBe('vzquota stat 101');
    expect(buildVzquotaStat('0f9a1c2e-1234-4abc-8def-0123456789ab')).toBe('vzquota stat 0f9a1c2e-1234-4abc-8def-0123456789ab');
    expect(buildProbe()).toBe('uname -r');
  });

  it.each([
    '101; rm -rf /',
    '-1',
    '1e9',
    '0',
    '',
    ' 101',
    '101\n',
    '$(reboot)',
    '`id`',
    '--help',
    '-o ProxyCommand=sh',
    '12345678901',
    '101\u0000',
    '１０１',
  ])('rejects the hostile CT id %j before anything is built', (bad) => {
    expect(ctIdSchema.safeParse(bad).success).toBe(false);
    expect(() => buildVzquotaStat(bad)).toThrow();
  });
});
