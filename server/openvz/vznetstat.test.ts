import { describe, it, expect } from 'vitest';
import { parseVznetstat } from './vznetstat';
import { parseError, readSample } from './test-support';

const NODE = readSample('vznetstat__openvz7_node__amet13vz.txt');

describe('parseVznetstat', () => {
  it('reads the host (0) and CTs by UUID', () => {
    const { rows } = parseVznetstat(NODE);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({ ctId: '0', netClass: 0, inputBytes: 244486, inputPackets: 3024, outputBytes: 1567749, outputPackets: 2491 });
    expect(rows[3]).toMatchObject({ ctId: '3d32522a-80af-4773-b9fa-ea4915dee4b3', outputBytes: 49398885 });
  });
  it('rejects malformed text, naming the line', () => {
    expect(parseError(() => parseVznetstat('')).lineNumber).toBe(0);
    expect(parseError(() => parseVznetstat(NODE.replace('Net.Class', 'Class'))).lineNumber).toBe(1);
    expect(parseError(() => parseVznetstat(NODE.replace('        2491', ''))).lineNumber).toBe(2);
    expect(parseError(() => parseVznetstat(NODE.replace('244486', '24448x'))).lineNumber).toBe(2);
    expect(parseError(() => parseVznetstat(NODE.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
  });
});
