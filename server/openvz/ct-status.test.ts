import { describe, it, expect } from 'vitest';
import { parseCtStatus } from './ct-status';
import { parseError, readSample } from './test-support';

const read = readSample;

describe('parseCtStatus', () => {
  it.each([
    ['vzctl_status__exist_mounted_running__vzctl4.x__amet13.txt', { source: 'vzctl', ctId: '101', exists: true, mounted: true, state: 'running', status: 'running' }],
    ['vzctl_status__exist_unmounted_down__vzctl4.0dev__commitb7baef97.txt', { ctId: '905', exists: true, mounted: false, status: 'stopped' }],
    ['vzctl_status__exist_mounted_down__vzctl4.9.x__commit9e98ea63.txt', { mounted: true, state: 'down', status: 'mounted' }],
    ['vzctl_status__deleted_unmounted_down__vzctl3.0.24dev__commitbc14870a.txt', { ctId: '109', exists: false }],
    ['vzctl_status__openvz7_deleted__commit6ad86476.txt', { source: 'vzctl7', exists: false, status: 'stopped' }],
    ['vzctl_status__openvz7_suspended_2015__commit95ba1563.txt', { source: 'vzctl7', ctId: '142', state: 'suspended', status: 'suspended' }],
    ['prlctl_status__openvz7_running__amet13vz.txt', { source: 'prlctl', ctId: 'ct1', type: 'CT', state: 'running', mounted: null }],
    ['prlctl_status__openvz7_mounted__amet13vz.txt', { ctId: 'ct6', state: 'mounted', mounted: true }],
    ['prlctl_status__openvz7_stopped__amet13vz.txt', { ctId: 'ct2', status: 'stopped' }],
    ['prlctl_status__openvz7_suspended__amet13vz.txt', { status: 'suspended' }],
  ])('reads %s', (file, expected) => {
    expect(parseCtStatus(read(file))).toMatchObject(expected);
  });

  it('reads the legacy trailing " suspended"', () => {
    expect(parseCtStatus('CTID 101 exist unmounted down suspended\n')).toMatchObject({ state: 'suspended', status: 'suspended' });
  });

  it('rejects malformed text, naming the line', () => {
    expect(parseError(() => parseCtStatus('')).lineNumber).toBe(0);
    expect(parseError(() => parseCtStatus('CTID 101 exist mounted\n')).lineNumber).toBe(1);
    expect(parseError(() => parseCtStatus('CTID 101 maybe mounted running\n')).lineNumber).toBe(1);
    expect(parseError(() => parseCtStatus('CT ct1 exist\n')).lineNumber).toBe(1);
    expect(parseError(() => parseCtStatus('CTID 101 exist mounted running\nCTID 102 exist mounted running\n')).lineNumber).toBe(2);
    expect(parseError(() => parseCtStatus('CTID 101 exist mounted running\r\n')).lineNumber).toBe(1);
  });
});
