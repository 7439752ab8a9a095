/** Command line of `npm run sim` (pure: argv in, options or a usage error out). */
import { parseArgs } from 'node:util';
import { FaultSpecError, parseFaultArg, type SimFaultSpec } from './faults';
import { GENERATION_CHOICES, type GenerationChoice } from '../world/model';
import { SIM_FAULTS } from '../world/fault-names';

export const SIM_USAGE = `usage: npm run sim -- [--nodes 3] [--cts 8] [--seed 42] [--base-port 2222] [--host 127.0.0.1]
                     [--host-per-node] [--data-dir ./data/sim] [--authorized-keys FILE]
                     [--generation legacy|vz7|mixed] [--time-scale 1] [--control-port PORT]
                     [--fault INDEX=NAME[:param=value,...]]... [--no-workloads] [--no-compression]
Starts simulated OpenVZ hardware nodes, node i on base-port + i (--base-port 0 picks free ports;
--port is the same option). --host-per-node gives node i its own address 127.0.x.y.
Faults: ${SIM_FAULTS.join(', ')}
  (params: slow byteDelayMs, drop afterBytes, max-sessions maxSessions, clock-skew skewMs).
--time-scale multiplies simulated durations (vzmigrate): 0.01 makes a 100 s migration take 1 s.
--control-port serves the JSON control endpoint on 127.0.0.1 (GET /nodes, PUT /nodes/:i/fault, …).
`;

export interface SimCliOptions {
  nodes: number;
  basePort: number;
  host: string;
  hostPerNode: boolean;
  dataDir: string;
  authorizedKeysFile: string | null;
  seed: number;
  cts: number;
  generation: GenerationChoice;
  timeScale: number;
  controlPort: number | null;
  workloads: boolean;
  compression: boolean;
  faults: Record<number, SimFaultSpec>;
}

export type SimCliParse = { ok: true; options: SimCliOptions } | { ok: false; help: boolean; message: string };

export const MAX_NODES = 10_000;

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
        'base-port': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'host-per-node': { type: 'boolean' },
        'data-dir': { type: 'string' },
        'authorized-keys': { type: 'string' },
        seed: { type: 'string' },
        cts: { type: 'string' },
        generation: { type: 'string' },
        'time-scale': { type: 'string' },
        'control-port': { type: 'string' },
        'no-workloads': { type: 'boolean' },
        'no-compression': { type: 'boolean' },
        fault: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return { ok: false, help: true, message: '' };
    if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (values.port !== undefined && values['base-port'] !== undefined) throw new Error('give --base-port or --port, not both');
    const nodes = int('nodes', values.nodes, 3, 1, MAX_NODES);
    const faults: Record<number, SimFaultSpec> = {};
    for (const f of values.fault ?? []) {
      const { index, spec } = parseFaultArg(f);
      if (index >= nodes) throw new FaultSpecError(`--fault ${f}: there is no node ${index} (--nodes ${nodes})`);
      faults[index] = spec;
    }
    const generation = values.generation ?? 'mixed';
    if (!(GENERATION_CHOICES as readonly string[]).includes(generation)) {
      throw new Error(`--generation must be one of ${GENERATION_CHOICES.join(', ')}, got ${JSON.stringify(generation)}`);
    }
    const scaleText = values['time-scale'];
    const timeScale = scaleText === undefined ? 1 : Number(scaleText);
    if (scaleText !== undefined && (!/^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(scaleText) || !(timeScale > 0) || timeScale > 1000)) {
      throw new Error(`--time-scale must be a number above 0 and at most 1000, got ${JSON.stringify(scaleText)}`);
    }
    return {
      ok: true,
      options: {
        nodes,
        basePort: int('base-port', values['base-port'] ?? values.port, 2222, 0, 65535 - nodes + 1),
        host: values.host ?? '127.0.0.1',
        hostPerNode: values['host-per-node'] ?? false,
        dataDir: values['data-dir'] ?? './data/sim',
        authorizedKeysFile: values['authorized-keys'] ?? null,
        seed: int('seed', values.seed, 42, 0, 2 ** 32 - 1),
        cts: int('cts', values.cts, 8, 1, 999),
        generation: generation as GenerationChoice,
        timeScale,
        controlPort: values['control-port'] === undefined ? null : int('control-port', values['control-port'], 0, 0, 65535),
        workloads: !values['no-workloads'],
        compression: !values['no-compression'],
        faults,
      },
    };
  } catch (e) {
    return { ok: false, help: false, message: e instanceof Error ? e.message : String(e) };
  }
}
