import { describe, it, expect } from 'vitest';
import { parsePrlctlFieldList, parsePrlctlInfo, parsePrlctlList } from './prlctl-list';
import { parseError, readSample } from './test-support';

const read = readSample;

const MIXED = read('prlctl_list_-a__openvz7_cts_and_vm_stopped__amet13vz.txt');

describe('parsePrlctlList', () => {
  it('reads the default columns, UUID without braces, CT and VM', () => {
    const r = parsePrlctlList(MIXED);
    expect(r.fields).toEqual(['uuid', 'status', 'ip', 'type', 'name']);
    expect(r.containers[0]).toEqual({ uuid: '6fe60288-fe50-49fe-a68d-7a8330837358', status: 'stopped', ip: ['192.168.0.161'], type: 'CT', name: 'ct1' });
    expect(r.containers[2]).toMatchObject({ ip: [], type: 'VM', name: 'vm1' });
  });
  it('reads -o with several IPs in the last column', () => {
    const r = parsePrlctlList(read('prlctl_list_-o_type,status,name,hostname,dist,ip__openvz7__amet13vz.txt'));
    expect(r.fields).toEqual(['type', 'status', 'name', 'hostname', 'dist', 'ip']);
    expect(r.containers[0]).toEqual({ type: 'CT', status: 'running', name: 'ct2', hostname: 'ct2.vz.localhost', dist: 'debian', ip: ['192.168.0.162', 'FE80:0:0:0:20C:29FF:FE01:FB09'] });
  });
  it('rejects malformed text, naming the line', () => {
    const lines = MIXED.split('\n');
    expect(parseError(() => parsePrlctlList('')).lineNumber).toBe(0);
    expect(parseError(() => parsePrlctlList(MIXED.replace('  stopped      -               VM vm1', '  stopped      -'))).lineNumber).toBe(4);
    expect(parseError(() => parsePrlctlList(MIXED.replace('192.168.0.162', 'not-an-ip'))).lineNumber).toBe(3);
    expect(parseError(() => parsePrlctlList(lines.slice(1).join('\n'))).lineNumber).toBe(1);
    expect(parseError(() => parsePrlctlList(MIXED.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
  });
});

describe('parsePrlctlInfo', () => {
  it('reads `prlctl list -i ct4`: 512 MB RAM, cpuunits 1000, a 10 GB disk', () => {
    const r = parsePrlctlInfo(read('prlctl_list_-i_ct4__openvz7_running_ct__amet13vz.txt'));
    expect(r.info).toMatchObject({ Name: 'ct4', State: 'running', Type: 'CT', Hostname: 'ct4.vz.localhost', Description: '' });
    expect(r).toMatchObject({ memoryMb: 512, cpus: null, cpuunits: 1000, ioprio: 4, disks: [{ name: 'hdd0', sizeMb: 10240 }] });
    expect(r.sections.Hardware).toHaveLength(6);
  });
  it('rejects malformed text, naming the line', () => {
    expect(parseError(() => parsePrlctlInfo('')).lineNumber).toBe(0);
    expect(parseError(() => parsePrlctlInfo('ID: {x}\n')).lineNumber).toBe(1);
    expect(parseError(() => parsePrlctlInfo('INFO\n  memory 512Mb\n')).lineNumber).toBe(2);
    expect(parseError(() => parsePrlctlInfo('INFO\nName: ct4\nno colon here\n')).lineNumber).toBe(3);
  });
});

describe('parsePrlctlFieldList', () => {
  it('reads `prlctl list -L`', () => {
    const { fields } = parsePrlctlFieldList(read('prlctl_list_-L__openvz7__amet13vz.txt'));
    expect(fields[0]).toEqual({ name: 'uuid', header: 'UUID' });
    expect(fields).toContainEqual({ name: 'ip_configured', header: 'IP_ADDR' });
  });
});
