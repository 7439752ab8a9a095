import { describe, it, expect } from 'vitest';
import { OpenvzParseError } from './errors';
import { isPrlctlMigratePhaseLine, parsePrlctlMigrateLog } from './prlctl-migrate-log';
import { readSample } from './test-support';

const OK = readSample('prlctl_migrate_-v_1__openvz7_live_ok__reconstructed_prlctl7.0.txt');
const EXISTS = readSample('prlctl_migrate__openvz7_ct_exists_on_target__reconstructed_prlctl7.0.txt');
const UNREACHABLE = readSample('prlctl_migrate__openvz7_target_unreachable__reconstructed_prlctl7.0.txt');
const TTY = readSample('prlctl_migrate__openvz7_tty_stages_criu_failure__reconstructed_prlctl7.0.txt');

describe('parsePrlctlMigrateLog', () => {
  it('reads a successful run: start line, the -v 1 events and the result, no freeze time', () => {
    const log = parsePrlctlMigrateLog(OK);
    expect(log.phases.map((p) => p.name)).toEqual([
      'Migrate the CT 101 on 10.0.7.2  ()',
      'Migration started.',
      'Migration finished.',
      'The CT has been successfully migrated.',
    ]);
    expect(log).toMatchObject({ ctId: '101', destination: '10.0.7.2', vmType: 'CT', reportedSuccess: true, error: null, errors: [], warnings: [], suspendedTime: null });
  });

  it('keeps the SDK description of a refusal as the error, without the "Failed to migrate the CT:" prefix', () => {
    const log = parsePrlctlMigrateLog(EXISTS);
    expect(log.error).toBe('Failed to migrate the Container. The Container with ID "101" already exists. To solve the problem, specify a new ID or name for the Container.');
    expect(log.reportedSuccess).toBe(false);
  });

  it('an unreachable target: the login failure is the error, ssh\'s own words stay in the phase output', () => {
    const log = parsePrlctlMigrateLog(UNREACHABLE);
    expect(log.error).toMatch(/^Login failed: Unable to connect to Virtuozzo\./);
    expect(log.phases[0]!.output).toEqual(['ssh: connect to host 10.0.7.9 port 22: No route to host']);
  });

  it('on a terminal: the dispatcher stages are phases, CRIU lines stay with the stage that printed them, mode is live', () => {
    const log = parsePrlctlMigrateLog(TTY);
    expect(log.mode).toBe('live');
    expect(log.ctId).toBe('web1');
    expect(log.phases.map((p) => p.name).slice(1)).toEqual(['Checking preconditions', 'Copying static data', 'Live migration stage started']);
    expect(log.phases[3]!.output).toHaveLength(2);
    expect(log.error).toMatch(/An internal error occurred/);
  });

  it('refuses CRLF and a terminal\'s \\r progress redraw, naming the line', () => {
    expect(() => parsePrlctlMigrateLog('Migrate the CT 7 on dst  ()\r\nMigration finished.\r\n')).toThrow(/line 1: carriage return/);
    expect(() => parsePrlctlMigrateLog('Migrate the CT 7 on dst  ()\nOperation progress ... 5%\rOperation progress ... 60%\n')).toThrow(/line 2/);
  });

  it('reads a target name and --dst path in the start line', () => {
    const log = parsePrlctlMigrateLog('Migrate the CT 101 on dst.example.com newname (/vz/private2)\n');
    expect(log).toMatchObject({ ctId: '101', destination: 'dst.example.com' });
  });

  it('a deprecation warning (prlctl ≥ 7.0.231) is preamble, not a migration warning', () => {
    const log = parsePrlctlMigrateLog(`WARNING: You are using a deprecated CLI component that will be dropped in the next major release. Please use virsh instead\n${OK}`);
    expect(log.warnings).toEqual([]);
    expect(log.preamble.output).toHaveLength(1);
    expect(log.reportedSuccess).toBe(true);
  });

  it('a fallback from ssh to a dispatcher login is a warning', () => {
    const log = parsePrlctlMigrateLog('Migrate the CT 101 on dst  ()\nSSH public key authentication failed: Permission denied\nMigration started.\n');
    expect(log.warnings).toEqual(['SSH public key authentication failed: Permission denied']);
  });

  it('empty output is an error that names the tool', () => {
    expect(() => parsePrlctlMigrateLog('')).toThrow(OpenvzParseError);
    expect(() => parsePrlctlMigrateLog('\n\n')).toThrow(/prlctl/);
  });

  it('text a CT owner controls cannot forge a result: only whole lines in prlctl\'s own forms count', () => {
    const log = parsePrlctlMigrateLog('Migrate the CT x on d  ()\n  The CT has been successfully migrated.\nxThe CT has been successfully migrated.\n');
    expect(log.reportedSuccess).toBe(false);
  });

  it('isPrlctlMigratePhaseLine knows the progress lines only', () => {
    expect(isPrlctlMigratePhaseLine('Migration started.')).toBe(true);
    expect(isPrlctlMigratePhaseLine('Copying static data')).toBe(true);
    expect(isPrlctlMigratePhaseLine('Failed to migrate the CT: x')).toBe(false);
    expect(isPrlctlMigratePhaseLine('Syncing private')).toBe(false);
  });
});
