import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './cli-args';

describe('npm run sim arguments', () => {
  it('defaults: 3 nodes from port 2222 on loopback, ./data/sim, seed 42, 8 CTs, real time, no control endpoint', () => {
    expect(parseSimArgs([])).toEqual({
      ok: true,
      options: {
        nodes: 3,
        basePort: 2222,
        host: '127.0.0.1',
        hostPerNode: false,
        dataDir: './data/sim',
        authorizedKeysFile: null,
        seed: 42,
        cts: 8,
        generation: 'mixed',
        timeScale: 1,
        controlPort: null,
        workloads: true,
        compression: true,
        faults: {},
      },
    });
  });

  it('reads every option, faults by node index with their parameters; --port is --base-port', () => {
    const r = parseSimArgs([
      '--nodes', '1000', '--base-port', '22000', '--data-dir', '/tmp/x', '--authorized-keys', 'k.pub', '--seed', '7', '--cts', '60',
      '--host-per-node', '--generation', 'legacy', '--time-scale', '0.001', '--control-port', '0', '--no-workloads', '--no-compression',
      '--fault', '1=hang', '--fault', '4=slow:byteDelayMs=2.5', '--fault', '9=clock-skew:skewMs=-3600000', '--fault', '5=max-sessions:maxSessions=2',
    ]);
    expect(r).toMatchObject({
      ok: true,
      options: {
        nodes: 1000, basePort: 22000, dataDir: '/tmp/x', authorizedKeysFile: 'k.pub', seed: 7, cts: 60, hostPerNode: true, generation: 'legacy',
        timeScale: 0.001, controlPort: 0, workloads: false, compression: false,
        faults: { 1: { fault: 'hang' }, 4: { fault: 'slow', byteDelayMs: 2.5 }, 9: { fault: 'clock-skew', skewMs: -3600000 }, 5: { fault: 'max-sessions', maxSessions: 2 } },
      },
    });
    expect(parseSimArgs(['--port', '0'])).toMatchObject({ ok: true, options: { basePort: 0 } });
  });

  it('rejects bad values with a message', () => {
    for (const argv of [
      ['--nodes', 'x'], ['--nodes', '0'], ['--nodes', '20000'], ['--port', '70000'], ['--nodes', '1000', '--base-port', '65000'],
      ['--fault', '9=hang'], ['--fault', '0=melt'], ['--fault', '0=slow:afterBytes=3'], ['--fault', '0=slow:byteDelayMs=x'], ['--fault', 'hang'],
      ['--time-scale', '0'], ['--time-scale', '-1'], ['--time-scale', 'fast'], ['--generation', 'vz6'], ['--control-port', '99999'],
      ['--port', '1', '--base-port', '2'], ['--bogus'], ['extra'],
    ]) {
      const r = parseSimArgs(argv);
      expect(r.ok, argv.join(' ')).toBe(false);
      if (!r.ok) expect(r.message).not.toBe('');
    }
    expect(parseSimArgs(['--help'])).toEqual({ ok: false, help: true, message: '' });
  });
});
