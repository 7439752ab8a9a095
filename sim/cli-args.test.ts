import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './cli-args';

describe('npm run sim arguments', () => {
  it('defaults: 3 nodes from port 2222 on loopback, ./data/sim, seed 42, 8 CTs', () => {
    expect(parseSimArgs([])).toEqual({
      ok: true,
      options: { nodes: 3, port: 2222, host: '127.0.0.1', dataDir: './data/sim', authorizedKeysFile: null, seed: 42, cts: 8, faults: {} },
    });
  });

  it('reads every option, faults by node index', () => {
    const r = parseSimArgs(['--nodes', '5', '--port', '0', '--data-dir', '/tmp/x', '--authorized-keys', 'k.pub', '--seed', '7', '--cts', '3', '--fault', '1=hang', '--fault', '4=garbled']);
    expect(r).toMatchObject({ ok: true, options: { nodes: 5, port: 0, dataDir: '/tmp/x', authorizedKeysFile: 'k.pub', seed: 7, cts: 3, faults: { 1: 'hang', 4: 'garbled' } } });
  });

  it('rejects bad values with a message', () => {
    for (const argv of [['--nodes', 'x'], ['--nodes', '0'], ['--port', '70000'], ['--fault', '9=hang'], ['--fault', '0=melt'], ['--bogus'], ['extra']]) {
      const r = parseSimArgs(argv);
      expect(r.ok, argv.join(' ')).toBe(false);
      if (!r.ok) expect(r.message).not.toBe('');
    }
    expect(parseSimArgs(['--help'])).toEqual({ ok: false, help: true, message: '' });
  });
});
