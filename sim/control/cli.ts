/**
 * `npm run sim -- --nodes 1000 --cts 60 --seed 42 --base-port 22000`: starts simulated OpenVZ
 * nodes on loopback, writes `<dataDir>/inventory.json` (for `vzfleet node import`), prints how to
 * reach them, and runs until SIGINT/SIGTERM.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { SIM_USAGE, parseSimArgs } from './cli-args';
import { fleetInventory, startSimFleet } from '../ssh/server';

/** Beyond this many nodes the listing is cut short (the inventory has them all). */
const LISTED_NODES = 10;

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

async function main(): Promise<number> {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.help) process.stdout.write(SIM_USAGE);
    else process.stderr.write(`sim: ${parsed.message}\n${SIM_USAGE}`);
    return parsed.help ? 0 : 2;
  }
  const o = parsed.options;
  const dataDir = resolve(o.dataDir);
  const authorizedKeys = o.authorizedKeysFile ? readFileSync(o.authorizedKeysFile, 'utf8').split('\n') : undefined;
  const started = performance.now();
  const fleet = await startSimFleet({
    nodes: o.nodes,
    basePort: o.basePort,
    host: o.host,
    hostPerNode: o.hostPerNode,
    dataDir,
    authorizedKeys,
    seed: o.seed,
    ctsPerNode: o.cts,
    generation: o.generation,
    faults: o.faults,
    timeScale: o.timeScale,
    controlPort: o.controlPort ?? undefined,
    workloads: o.workloads,
    compression: o.compression,
  });
  const inventoryPath = resolve(dataDir, 'inventory.json');
  writeFileSync(inventoryPath, `${JSON.stringify(fleetInventory(fleet), null, 2)}\n`);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const out: string[] = [`Simulated OpenVZ fleet: ${fleet.nodes.length} node(s), ${o.cts} CT(s) each, seed ${o.seed}, started in ${seconds} s`, ''];
  for (const n of fleet.nodes.slice(0, LISTED_NODES)) {
    const fault = n.getFault();
    out.push(`  ${n.name.padEnd(8)} ${n.user}@${n.host}:${n.port}  ${n.model.generation.padEnd(6)} ${n.hostKeyFingerprint}${fault ? `  [fault: ${fault}]` : ''}`);
  }
  if (fleet.nodes.length > LISTED_NODES) {
    const faulty = fleet.nodes.slice(LISTED_NODES).filter((n) => n.getFault());
    out.push(`  … and ${fleet.nodes.length - LISTED_NODES} more (see the inventory)`);
    for (const n of faulty) out.push(`  ${n.name.padEnd(8)} ${n.user}@${n.host}:${n.port}  [fault: ${n.getFault()}]`);
  }
  out.push('');
  if (fleet.clientKeyPath) out.push(`Client key: ${shown(fleet.clientKeyPath)} (public: ${shown(`${fleet.clientKeyPath}.pub`)})`);
  else out.push(`Authorized keys: ${o.authorizedKeysFile}`);
  out.push(`Inventory:  ${shown(inventoryPath)}`);
  if (fleet.controlUrl) out.push(`Control:    ${fleet.controlUrl}/nodes  (PUT /nodes/:index/fault {"fault":"hang"}, DELETE …/fault, POST …/rotate-host-key)`);
  out.push('', 'Add them to vzfleet:', `  npm run vzfleet -- node import ${shown(inventoryPath)}`);
  const first = fleet.nodes[0]!;
  if (fleet.clientKeyPath) {
    out.push('', 'Try it:', `  ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p ${first.port} -i ${shown(fleet.clientKeyPath)} root@${first.host} 'vzlist -a'`);
  }
  out.push('', 'Press Ctrl-C to stop.');
  process.stdout.write(`${out.join('\n')}\n`);

  await new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stdout.write(`\n${signal}: stopping ${fleet.nodes.length} node(s)…\n`);
      fleet.stop().then(done, (e: unknown) => {
        process.stderr.write(`sim: error while stopping: ${String(e)}\n`);
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') process.stderr.write(`sim: a port is already in use (${err.message}); try another --base-port\n`);
    else process.stderr.write(`sim: ${err.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
