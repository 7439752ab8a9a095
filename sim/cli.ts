/**
 * `npm run sim -- --nodes 3 --port 2222`: starts simulated OpenVZ nodes on loopback, prints how to
 * add them to vzfleet, writes `<dataDir>/inventory.json`, and runs until SIGINT/SIGTERM.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { SIM_USAGE, parseSimArgs } from './cli-args';
import { fleetInventory, startSimFleet } from './server';

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
  const fleet = await startSimFleet({
    nodes: o.nodes,
    basePort: o.port,
    host: o.host,
    dataDir,
    authorizedKeys,
    seed: o.seed,
    ctsPerNode: o.cts,
    faults: o.faults,
  });
  const inventoryPath = resolve(dataDir, 'inventory.json');
  writeFileSync(inventoryPath, `${JSON.stringify(fleetInventory(fleet), null, 2)}\n`);

  const out: string[] = [`Simulated OpenVZ fleet: ${fleet.nodes.length} node(s), ${o.cts} CT(s) each, seed ${o.seed}`, ''];
  for (const n of fleet.nodes) {
    const fault = n.getFault();
    out.push(`  ${n.name.padEnd(8)} ${n.user}@${n.host}:${n.port}  ${n.hostKeyFingerprint}${fault ? `  [fault: ${fault}]` : ''}`);
  }
  out.push('');
  if (fleet.clientKeyPath) out.push(`Client key: ${shown(fleet.clientKeyPath)} (public: ${shown(`${fleet.clientKeyPath}.pub`)})`);
  else out.push(`Authorized keys: ${o.authorizedKeysFile}`);
  out.push(`Inventory:  ${shown(inventoryPath)}`, '', 'Add them to vzfleet:', `  npm run vzfleet -- node import ${shown(inventoryPath)}`, 'or one by one:');
  const keyArg = fleet.clientKeyPath ? `--key-file ${shown(fleet.clientKeyPath)}` : '--key-file <your private key>';
  for (const n of fleet.nodes) {
    out.push(`  npm run vzfleet -- node add --name ${n.name} --host ${n.host} --port ${n.port} --user ${n.user} ${keyArg} --fingerprint ${n.hostKeyFingerprint}`);
  }
  const first = fleet.nodes[0]!;
  if (fleet.clientKeyPath) {
    out.push('', 'Try it:', `  ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p ${first.port} -i ${shown(fleet.clientKeyPath)} root@${first.host} 'cat /proc/user_beancounters'`);
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
    if (err.code === 'EADDRINUSE') process.stderr.write(`sim: a port is already in use (${err.message}); try another --port\n`);
    else process.stderr.write(`sim: ${err.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
