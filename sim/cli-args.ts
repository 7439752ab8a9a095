/** Command line of `npm run sim` (pure: argv in, options or a usage error out). */
import { parseArgs } from 'node:util';
import { SIM_FAULTS, type SimFault } from './tools/types';

export const SIM_USAGE = `usage: npm run sim -- [--nodes 3] [--port 2222] [--host 127.0.0.1] [--data-dir ./data/sim]
                     [--authorized-keys FILE] [--seed 42] [--cts 8] [--fault INDEX=garbled|hang|refuse-exec]...
Starts simulated OpenVZ hardware nodes on consecutive ports (--port 0 picks free ports).
`;

export interface SimCliOptions {
  nodes: number;
  port: number;
  host: string;
  dataDir: string;
  authorizedKeysFile: string | null;
  seed: number;
  cts: number;
  faults: Record<number, SimFault>;
}

export type SimCliParse = { ok: true; options: SimCliOptions } | { ok: false; help: boolean; message: string };

function int(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

export function parseSimArgs(argv: string[]): SimCliParse {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        nodes: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'authorized-keys': { type: 'string' },
        seed: { type: 'string' },
        cts: { type: 'string' },
        fault: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return { ok: false, help: true, message: '' };
    if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const nodes = int('nodes', values.nodes, 3, 1, 200);
    const faults: Record<number, SimFault> = {};
    for (const f of values.fault ?? []) {
      const m = /^(\d+)=(.+)$/.exec(f);
      if (!m || !(SIM_FAULTS as readonly string[]).includes(m[2]!) || Number(m[1]) >= nodes) {
        throw new Error(`--fault must be INDEX=${SIM_FAULTS.join('|')} with INDEX < --nodes, got ${JSON.stringify(f)}`);
      }
      faults[Number(m[1])] = m[2] as SimFault;
    }
    return {
      ok: true,
      options: {
        nodes,
        port: int('port', values.port, 2222, 0, 65535 - nodes + 1),
        host: values.host ?? '127.0.0.1',
        dataDir: values['data-dir'] ?? './data/sim',
        authorizedKeysFile: values['authorized-keys'] ?? null,
        seed: int('seed', values.seed, 42, 0, 2 ** 32 - 1),
        cts: int('cts', values.cts, 8, 1, 999),
        faults,
      },
    };
  } catch (e) {
    return { ok: false, help: false, message: e instanceof Error ? e.message : String(e) };
  }
}
