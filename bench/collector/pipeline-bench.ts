/**
 * The pure part of one node-poll, stage by stage, on one simulated node's real collect output:
 * where the CPU of a poll goes without SSH or the database. Run by hand:
 *
 *   npx tsx bench/collector/pipeline-bench.ts [--cts 60] [--iterations 2000]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimFleet } from '../../sim/ssh/server';
import { connect, execBytes } from '../../sim/ssh/test-client';
import { VZLIST_JSON_FIELDS, VZLIST_JSON_TEXT_FIELDS, buildCollectScript, newSectionToken } from '../../server/ssh/commands';
import { splitCollectOutput } from '../../server/ssh/split-sections';
import { interpretCollect, type NodeSnapshot } from '../../server/collector/interpret';
import { computeHistoryDerived, snapshotSeries } from '../../server/history/series';
import { packBeancounters, packQuotas } from '../../server/collector/packed-snapshot';
import { computeFailcntEvents } from '../../server/openvz/formulas/failcnt-events';
import { scanBeancounters } from '../../server/openvz/beancounters-scan';
import { readVzlistJsonByCt } from '../../server/openvz/vzlist-json-by-ct';
import { scanVzlistJson } from '../../server/openvz/vzlist-json-scan';
import { computeNodeSummary } from '../../server/collector/node-summary';
import { decodeBeancounters, encodeBeancounters } from '../../server/collector/beancounter-codec';
import { NodeHistoryAccumulator } from '../../server/history/accumulator';
import { realArrayLiteral } from '../../server/history/sql-values';
import { createScratchPostgres } from '../../db/test-databases';
import { ensurePartitions, writeBuckets } from '../../server/history/store';
import { nodes as nodesTable } from '../../db/schema';
import { storeSnapshot } from '../../server/collector/store-snapshot';

const { values } = parseArgs({ options: { cts: { type: 'string', default: '60' }, iterations: { type: 'string', default: '2000' } } });
const N = Number(values.iterations);

const fleet = await startSimFleet({ nodes: 1, basePort: 0, dataDir: mkdtempSync(join(tmpdir(), 'vzfleet-pipe-')), ctsPerNode: Number(values.cts), generation: 'legacy' });
const node = fleet.nodes[0]!;
const client = await connect({ host: node.host, port: node.port, hostKeyFingerprint: node.hostKeyFingerprint } as never, { privateKey: readFileSync(fleet.clientKeyPath!, 'utf8') });
const outputs: { full: boolean; token: string; bytes: Buffer; stderr: string }[] = [];
for (const full of [true, false, false]) {
  const token = newSectionToken();
  const r = await execBytes(client, buildCollectScript({ full, token, vzlistForm: 'json' }));
  outputs.push({ full, token, bytes: r.stdout, stderr: r.stderr });
}
client.end();
await fleet.stop();
console.log(`output bytes: full ${outputs[0]!.bytes.length}, fast ${outputs[1]!.bytes.length}`);

function time(label: string, fn: (i: number) => unknown): void {
  for (let i = 0; i < 200; i++) fn(i);
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn(i);
  console.log(`${label.padEnd(34)} ${(Number(process.hrtime.bigint() - t) / 1e6 / N).toFixed(3)} ms`);
}

const full = outputs[0]!;
const fast = outputs[1]!;
const fullSnap = interpretCollect(splitCollectOutput(full.bytes, full.token).sections, full.stderr, null);
const fastSnap: NodeSnapshot = interpretCollect(splitCollectOutput(fast.bytes, fast.token).sections, fast.stderr, fullSnap);
time('split (fast poll)', () => splitCollectOutput(fast.bytes, fast.token));
time('split + interpret (fast poll)', () => interpretCollect(splitCollectOutput(fast.bytes, fast.token).sections, fast.stderr, fullSnap));
time('split + interpret (full poll)', () => interpretCollect(splitCollectOutput(full.bytes, full.token).sections, full.stderr, null));
const vzlistText = splitCollectOutput(full.bytes, full.token).sections.vzlist!.bytes.toString('latin1');
time('vzlist -j: scan (full poll)', () => scanVzlistJson(vzlistText, VZLIST_JSON_FIELDS, VZLIST_JSON_TEXT_FIELDS));
time('vzlist -j: careful reader', () => readVzlistJsonByCt(vzlistText, VZLIST_JSON_FIELDS, VZLIST_JSON_TEXT_FIELDS));
time('computeHistoryDerived', () => computeHistoryDerived(fastSnap));
time('failcnt events', () => computeFailcntEvents(fullSnap.beancounters, fastSnap.beancounters, new Date()));
time('pack + JSON.stringify', () => JSON.stringify(packBeancounters(fastSnap.beancounters)).length + JSON.stringify(packQuotas(fastSnap.containers)).length);
console.log(`packed JSON bytes: ${JSON.stringify(packBeancounters(fastSnap.beancounters)).length}`);
const sec = splitCollectOutput(fast.bytes, fast.token).sections;
console.log('scan ok:', scanBeancounters(sec.beancounters!.bytes) !== null, 'bc bytes', sec.beancounters!.bytes.length, 'vzstatus bytes', sec.vzstatus!.bytes.length);
time('scan beancounters', () => scanBeancounters(sec.beancounters!.bytes));
const raw = new Uint8Array(sec.beancounters!.bytes);
time('calibrate: count spaces', () => { let c = 0; for (let i = 0; i < raw.length; i++) if (raw[i] === 32) c++; return c; });
const text = sec.beancounters!.bytes.toString('latin1');
time('calibrate: latin1 decode', () => sec.beancounters!.bytes.toString('latin1').length);
time('calibrate: split lines', () => text.split('\n').length);
const derivedFast = computeHistoryDerived(fastSnap);
time('computeNodeSummary', () => computeNodeSummary({ blocks: fastSnap.beancounters, runningCtIds: new Set(fastSnap.containers.filter((c) => c.status === 'running').map((c) => c.ctId)), memory: fastSnap.memory, quotas: fastSnap.containers.map((c) => ({ ctId: c.ctId, blocksUsage: c.quota.blocksUsage, blocksHard: c.quota.blocksHard })), ctTotal: fastSnap.containers.length, commitment: derivedFast.memory }));
time('encodeBeancounters', () => encodeBeancounters(fastSnap.beancounters).length);
const encoded = encodeBeancounters(fastSnap.beancounters);
console.log(`encoded bytes: ${encoded.length}`);
time('decodeBeancounters', () => decodeBeancounters(encoded).length);
time('JSON.parse of the packed JSON', () => JSON.parse(JSON.stringify(packBeancounters(fastSnap.beancounters))).length);
time('snapshotSeries', () => snapshotSeries(fastSnap, derivedFast).length);
const accumulator = new NodeHistoryAccumulator(1, 60_000);
let clock = Date.UTC(2026, 0, 1);
time('snapshotSeries + accumulator add (bucket closes every 4th)', () => {
  clock += 15_000;
  accumulator.add(clock, snapshotSeries(fastSnap, derivedFast));
  return accumulator.drain(clock).length;
});
{
  const rows: ReturnType<NodeHistoryAccumulator['drain']> = [];
  const acc2 = new NodeHistoryAccumulator(1, 60_000);
  let t2 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 9; i++) { t2 += 15_000; acc2.add(t2, snapshotSeries(fastSnap, derivedFast)); rows.push(...acc2.drain(t2)); }
  const row = rows[0]!;
  console.log(`bucket row: ${row.keys.length} keys`);
  time('realArrayLiteral avg + max (per node-minute)', () => realArrayLiteral(row.avg).length + realArrayLiteral(row.max).length);
}
{
  // One flush of a 200-node fleet's minute: the client's CPU for writeBuckets, database work not counted.
  const scratch = await createScratchPostgres('vzfleet_pipe');
  try {
    const ids = (await scratch.db.insert(nodesTable).values(Array.from({ length: 200 }, (_, i) => ({ name: `n${i}`, host: '127.0.0.1', authMethod: 'agent' as const }))).returning({ id: nodesTable.id })).map((r) => r.id);
    let minute = Date.now() - (Date.now() % 60_000) - 10 * 60_000;
    await ensurePartitions(scratch.db, new Date(minute));
    const accs = ids.map((id) => new NodeHistoryAccumulator(id, 60_000));
    for (let round = 0; round < 4; round++) {
      const rows = [];
      for (const acc of accs) {
        for (let k = 0; k < 4; k++) acc.add(minute + k * 15_000, snapshotSeries(fastSnap, derivedFast));
        rows.push(...acc.drain(minute + 60_000));
      }
      minute += 60_000;
      const u0 = process.cpuUsage();
      const t0 = Date.now();
      await writeBuckets(scratch.db, rows);
      const u = process.cpuUsage(u0);
      console.log(`writeBuckets of ${rows.length} node-minutes: client CPU ${((u.user + u.system) / 1000).toFixed(0)} ms (${((u.user + u.system) / 1000 / rows.length / 4).toFixed(3)} ms per node-poll), wall ${Date.now() - t0} ms`);
    }
  } finally {
    await scratch.drop();
  }
}
{
  // The quiet store of one poll (one statement) against real Postgres: the client's CPU per call.
  const scratch = await createScratchPostgres('vzfleet_pipe');
  try {
    const [n] = await scratch.db.insert(nodesTable).values({ name: 'store', host: '127.0.0.1', authMethod: 'agent' as const }).returning({ id: nodesTable.id });
    let at = Date.now();
    const first = await storeSnapshot(scratch.db, n!.id, fullSnap, new Date(at), '', {});
    let before = { snapshotId: first.snapshotId, snapshot: fullSnap, at: new Date(at) };
    const derived = computeHistoryDerived(fastSnap);
    for (const round of [1, 2]) {
      const u0 = process.cpuUsage();
      const t0 = Date.now();
      const N2 = 300;
      for (let i = 0; i < N2; i++) {
        at += 15_000;
        const r = await storeSnapshot(scratch.db, n!.id, fastSnap, new Date(at), '', { before, commitment: derived.memory });
        before = { snapshotId: r.snapshotId, snapshot: fastSnap, at: new Date(at) };
      }
      const u = process.cpuUsage(u0);
      console.log(`storeSnapshot (quiet path) round ${round}: client CPU ${((u.user + u.system) / 1000 / N2).toFixed(3)} ms per poll, wall ${((Date.now() - t0) / N2).toFixed(2)} ms`);
    }
  } finally {
    await scratch.drop();
  }
}
