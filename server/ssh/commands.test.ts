import { describe, expect, it } from 'vitest';
import { ctIdSchema } from '../../vocabulary/ct-id';
import { buildCollectScript, buildProbe, buildVzquotaStat, SECTION_MARK, VZLIST_FIELDS } from './commands';

describe('command templates', () => {
  it('builds the collect script as fixed text with one begin/end marker pair per section', () => {
    const script = buildCollectScript();
    expect(script).toBe(
      `echo '${SECTION_MARK} begin beancounters'; cat /proc/user_beancounters; echo "${SECTION_MARK} end beancounters $?"; ` +
        `echo '${SECTION_MARK} begin vzlist'; vzlist -a -H -o ${VZLIST_FIELDS.join(',')}; echo "${SECTION_MARK} end vzlist $?"; ` +
        `echo '${SECTION_MARK} begin vzcpucheck'; vzcpucheck -v; echo "${SECTION_MARK} end vzcpucheck $?"; ` +
        `echo '${SECTION_MARK} begin meminfo'; cat /proc/meminfo; echo "${SECTION_MARK} end meminfo $?"`,
    );
    expect(VZLIST_FIELDS.at(-1)).toBe('ip'); // several space-separated IPs only parse in the last column
    expect(buildCollectScript({ full: true })).toBe(script);
  });

  it('builds the fast script with beancounters and the running set only', () => {
    expect(buildCollectScript({ full: false })).toBe(
      `echo '${SECTION_MARK} begin beancounters'; cat /proc/user_beancounters; echo "${SECTION_MARK} end beancounters $?"; ` +
        `echo '${SECTION_MARK} begin vzstatus'; vzlist -a -H -o ctid,status; echo "${SECTION_MARK} end vzstatus $?"`,
    );
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
