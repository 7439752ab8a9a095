import { describe, it, expect } from 'vitest';
import { OpenvzParseError } from './errors';
import { parseVzmigrateLog } from './vzmigrate-log';
import { readSample } from './test-support';

const FAIL = readSample('vzmigrate__fail_ploop_info_stopped_ct__vzctl4.0dev__commit24a78bb3.txt');

// docs/openvz/FORMATS.md §12 (reconstructed `vzmigrate -v --live dst.example.com 101`).
const LIVE = `   Loading /etc/vz/vz.conf
Locked CT 101
Starting live migration of CT 101 to dst.example.com
   Checking for CPT version compatibility
   Checking IPs on destination node: 10.0.0.101
Preparing remote node
   Copying config file
Initializing remote quota
   Quota init
Syncing private
Live migrating container...
   Suspending container
   Dumping container
   Copying dumpfile
   Syncing private (2nd pass)
Syncing 2nd level quota
   Dumping 2nd level quota
   Undumping container
   Resuming container

        Suspend + Dump:   1.21
        Copy dump file:   0.62
          Second rsync:   1.05
       2nd level quota:   0.08
       Undump + Resume:   1.37
                        ------
  Total suspended time:   4.33

Cleaning up
   Killing container
   Destroying container
`;

describe('parseVzmigrateLog', () => {
  it('reads a live migration: phases, sub-steps and the suspended-time breakdown', () => {
    const r = parseVzmigrateLog(LIVE);
    expect(r).toMatchObject({ ctId: '101', destination: 'dst.example.com', mode: 'live', error: null, errors: [] });
    expect(r.preamble.steps).toEqual(['Loading /etc/vz/vz.conf']);
    expect(r.phases.map((p) => p.name)).toEqual([
      'Locked CT 101', 'Starting live migration of CT 101 to dst.example.com', 'Preparing remote node',
      'Initializing remote quota', 'Syncing private', 'Live migrating container...', 'Syncing 2nd level quota', 'Cleaning up',
    ]);
    expect(r.phases[5]!.steps).toEqual(['Suspending container', 'Dumping container', 'Copying dumpfile', 'Syncing private (2nd pass)']);
    expect(r.phases[1]!.steps).toContain('Checking IPs on destination node: 10.0.0.101');
    expect(r.suspendedTime?.totalSeconds).toBe(4.33);
    expect(r.suspendedTime?.steps.map((s) => s.label)).toEqual(['Suspend + Dump', 'Copy dump file', 'Second rsync', '2nd level quota', 'Undump + Resume']);
    const sum = r.suspendedTime!.steps.reduce((s, x) => s + x.seconds, 0);
    expect(sum).toBeCloseTo(4.33, 2);
  });

  it('reads a failure: the stray command output stays with its phase, the error is kept', () => {
    const r = parseVzmigrateLog(FAIL);
    expect(r.phases).toEqual([{ name: 'Preparing remote node', steps: [], output: ['cat: /sys/block//pstate/top: No such file or directory'] }]);
    expect(r.error).toBe("Can't get ploop information");
    expect(r.suspendedTime).toBeNull();
  });

  it('reads the offline and check-only openings and warnings', () => {
    const r = parseVzmigrateLog('Warning: no vzcptcheck binary on local node,\nskipping CPT version and CPU caps checks\nStarting migration of CT 102 to 10.0.0.2\nStopping container\n');
    expect(r).toMatchObject({ ctId: '102', destination: '10.0.0.2', mode: 'offline' });
    expect(r.warnings).toHaveLength(2);
    expect(parseVzmigrateLog('Checking live migration of CT 5 to dst\n').mode).toBe('check');
  });

  it('rejects empty text and CRLF', () => {
    expect(() => parseVzmigrateLog('')).toThrow(OpenvzParseError);
    try {
      parseVzmigrateLog('Preparing remote node\r\n');
    } catch (e) {
      expect((e as OpenvzParseError).lineNumber).toBe(1);
      return;
    }
    throw new Error('expected an OpenvzParseError');
  });
});
