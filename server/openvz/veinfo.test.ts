import { describe, it, expect } from 'vitest';
import { parseVeinfo } from './veinfo';
import { parseError, readSample } from './test-support';

const VEINFO = readSample('proc_vz_veinfo__node__vztools.txt');

describe('parseVeinfo', () => {
  it('reads CTs with their IPs and CT0 without any', () => {
    const { containers } = parseVeinfo(VEINFO);
    expect(containers).toHaveLength(10);
    expect(containers[0]).toEqual({ ctId: '411', classId: 2, numproc: 35, ips: ['66.228.211.162'] });
    expect(containers.find((c) => c.ctId === '754')?.ips).toEqual(['66.228.211.80', '66.228.211.87', '66.228.211.21']);
    expect(containers.find((c) => c.ctId === '999')?.ips).toHaveLength(68);
    expect(containers[9]).toEqual({ ctId: '0', classId: 0, numproc: 143, ips: [] });
  });
  it('rejects malformed text, naming the line', () => {
    expect(parseError(() => parseVeinfo(VEINFO.replace('   401     2   129', '   401     2'))).lineNumber).toBe(2);
    expect(parseError(() => parseVeinfo(VEINFO.replace('   401     2   129', '   401     2   12x'))).lineNumber).toBe(2);
    expect(parseError(() => parseVeinfo(VEINFO.replace('66.228.211.22', 'host.example'))).lineNumber).toBe(2);
    expect(parseError(() => parseVeinfo(VEINFO.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
  });
});
