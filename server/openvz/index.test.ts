import { describe, it, expect } from 'vitest';
import { parserKindForSample, parsers } from './index';

describe('parserKindForSample', () => {
  it.each([
    ['proc_user_beancounters__inside_ct7__64bit__blipp.txt', 'beancounters'],
    ['proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt', 'beancounters'],
    ['vzlist_-aH__vzctl3.0.x__vztools.txt', 'vzlist-noheader'],
    ['vzlist_-H__vzctl3.0.x_hostname_padded_trailing_spaces__vztools_sampleroot.txt', 'vzlist-noheader'],
    ['vzlist_-Hto_veid,physpages__vzctl4.x__bitstat.txt', 'vzlist-noheader-physpages'],
    ['vzlist_-L__vzctl3.0.22_or_older__ployopenvz.txt', 'vzlist-fields'],
    ['vzlist_103__stopped_ct__vzctl4.x__amet13.txt', 'vzlist'],
    ['prlctl_list_-i_ct4__openvz7_running_ct__amet13vz.txt', 'prlctl-info'],
    ['prlctl_status__openvz7_running__amet13vz.txt', 'ct-status'],
    ['vzquota_show_5005__running_warning__seed_article_2010.txt', 'vzquota'],
    ['proc_vz_vzquota__excerpt_ct111__legacy_2009__unxsvz.txt', 'proc-vzquota'],
  ])('maps %s to %s', (file, kind) => {
    expect(parserKindForSample(file)).toBe(kind);
    expect(typeof parsers[kind as keyof typeof parsers]).toBe('function');
  });

  it('throws for an unknown sample instead of guessing', () => {
    expect(() => parserKindForSample('vzsplit__something.txt')).toThrow(/no parser kind/);
  });

  it('has the required kinds', () => {
    for (const k of ['beancounters', 'vzcpucheck', 'vzmemcheck', 'vzquota', 'vzlist', 'vzlist-json', 'meminfo']) {
      expect(Object.keys(parsers)).toContain(k);
    }
  });
});
