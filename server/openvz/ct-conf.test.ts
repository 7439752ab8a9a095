import { describe, it, expect } from 'vitest';
import { parseCtConf } from './ct-conf';
import { parseError, readSample } from './test-support';

const read = readSample;

const CONF5005 = read('ctid_conf__5005.conf__seed_article_2010.txt');

describe('parseCtConf', () => {
  it('reads the seed 5005.conf, trailing spaces after the quotes included', () => {
    const r = parseCtConf(CONF5005);
    expect(r.entries).toMatchObject({ CPUUNITS: '15000', CPULIMIT: '65', VE_ROOT: '/vz/root/$VEID', NAMESERVER: '217.10.32.4 10.0.5.51' });
    expect(r.limits.kmemsize).toEqual({ barrier: 21055923, limit: 21377049 });
    expect(r.limits.physpages).toEqual({ barrier: 0, limit: null });
    // Same numbers as `vzquota show 5005`.
    expect(r.limits.diskspace).toEqual({ barrier: 15048576, limit: 15153024 });
  });
  it('converts size suffixes the way vzctl does (2.2G of disk = 2306867 KiB, 256M of RAM = 65536 pages)', () => {
    const r = parseCtConf(read('ctid_conf__vzctl_sample_ve-vswap-256m__body.txt'));
    expect(r.limits.physpages).toEqual({ barrier: 0, limit: 65536 });
    expect(r.limits.swappages).toEqual({ barrier: 0, limit: 131072 });
    expect(r.limits.diskspace).toEqual({ barrier: 2097152, limit: 2306867 });
    expect(r.limits.diskinodes).toEqual({ barrier: 131072, limit: 144179 });
  });
  it('reads `unlimited`', () => {
    expect(parseCtConf(read('ctid_conf__vzctl_sample_ve-basic_ubc__body.txt')).limits.vmguarpages).toEqual({ barrier: 33792, limit: null });
  });
  it('rejects malformed text, naming the line', () => {
    expect(parseError(() => parseCtConf('')).lineNumber).toBe(0);
    expect(parseError(() => parseCtConf('ONBOOT="yes"\nKMEMSIZE="1:2\n')).lineNumber).toBe(2);
    expect(parseError(() => parseCtConf('NUMPROC="240:2x0"\n')).lineNumber).toBe(1);
    expect(parseError(() => parseCtConf('NUMPROC="1:2:3"\n')).lineNumber).toBe(1);
    expect(parseError(() => parseCtConf('NUMPROC="1M"\n')).lineNumber).toBe(1);
    expect(parseError(() => parseCtConf(CONF5005.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
  });
});
