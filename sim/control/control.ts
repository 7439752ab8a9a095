/**
 * The fleet's control endpoint: plain JSON over HTTP on 127.0.0.1, for tests and people who want
 * a node to misbehave while everything runs.
 *   GET    /nodes                          every node: address, fingerprints, fault, CT counts
 *   GET    /nodes/:index                   one node, with its containers
 *   PUT    /nodes/:index/fault             body {"fault": "slow", "byteDelayMs": 2} (sim/control/faults.ts)
 *   DELETE /nodes/:index/fault             back to normal
 *   PATCH  /nodes/:index                   body {"cptLoaded": false, "vzDiskKb": 1048576}
 *   POST   /nodes/:index/rotate-host-key   a new host key; answers {"hostKeyFingerprint": …}
 *   POST   /nodes/:index/restart-ct/:ctId  vzctl restart of one CT (its failcnt resets)
 *   PATCH  /nodes/:index                   body {"vzlistJson": false}: vzlist without -j (vzctl 3.x)
 *   PATCH  /nodes/:index/cts/:ctId         body {"hostname": "<img src=x> и пробелы", "name": …,
 *                                           "description": {"base64": "…"}}: what the customer set
 *                                           (vzctl set --hostname/--name/--description), any text
 *                                           or raw bytes (sim/world/ct-fields.ts), for testing that the
 *                                           collector keeps it and the views show it as text
 */
import http from 'node:http';
import { CtFieldError, applyCtFields } from '../world/ct-fields';
import { usedDiskKb } from '../world/directory';
import { FaultSpecError, toFaultSpec } from './faults';
import type { SimNode } from '../ssh/fleet-node';

/** What the endpoint steers: the fleet's nodes (sim/ssh/server.ts's SimFleet is one). */
export interface ControlledFleet {
  readonly nodes: readonly SimNode[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function describeNode(node: SimNode) {
  const cts = node.model.containers;
  return {
    index: node.index,
    name: node.name,
    host: node.host,
    port: node.port,
    user: node.user,
    generation: node.model.generation,
    hostKeyFingerprint: node.hostKeyFingerprint,
    presentedFingerprint: node.presentedFingerprint,
    fault: node.getFaultSpec(),
    cptLoaded: node.cptLoaded,
    vzlistJson: node.model.vzlistJson !== false,
    vzDiskKb: node.vzDiskKb,
    freeDiskKb: Math.max(0, node.vzDiskKb - usedDiskKb(node.model)),
    containers: { total: cts.length, running: cts.filter((ct) => ct.status === 'running').length },
  };
}

function describeContainers(node: SimNode) {
  return [...node.model.containers]
    .sort((a, b) => a.ctId - b.ctId)
    .map((ct) => ({ ctId: ct.ctId, ctid: ct.ctid, hostname: ct.hostname, name: ct.name, description: ct.description ?? null, status: ct.status, workload: ct.workload?.kind ?? null }));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 65536) throw new HttpError(413, 'body too large');
  }
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

async function route(fleet: ControlledFleet, req: http.IncomingMessage): Promise<unknown> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  if (path === '/nodes') {
    if (method !== 'GET') throw new HttpError(405, `${method} not allowed on /nodes`);
    return fleet.nodes.map(describeNode);
  }
  const m = /^\/nodes\/(\d+)(?:\/(fault|rotate-host-key|restart-ct\/(\d+)|cts\/(\d+)))?$/.exec(path);
  if (!m) throw new HttpError(404, `no such resource ${path}`);
  const node = fleet.nodes[Number(m[1])];
  if (!node) throw new HttpError(404, `no node ${m[1]} (the fleet has ${fleet.nodes.length})`);
  const action = m[3] ? 'restart-ct' : m[4] ? 'ct' : (m[2] ?? '');
  const allowed: Record<string, string[]> = { '': ['GET', 'PATCH'], fault: ['PUT', 'DELETE'], 'rotate-host-key': ['POST'], 'restart-ct': ['POST'], ct: ['PATCH'] };
  if (!allowed[action]!.includes(method)) throw new HttpError(405, `${method} not allowed on ${path}`);
  if (action === '' && method === 'GET') return { ...describeNode(node), cts: describeContainers(node) };
  if (action === '' && method === 'PATCH') {
    const body = (await readJson(req)) as Record<string, unknown>;
    for (const key of Object.keys(body)) if (key !== 'cptLoaded' && key !== 'vzDiskKb' && key !== 'vzlistJson') throw new HttpError(400, `unknown field ${JSON.stringify(key)}`);
    if (body.cptLoaded !== undefined && typeof body.cptLoaded !== 'boolean') throw new HttpError(400, 'cptLoaded must be true or false');
    if (body.vzlistJson !== undefined && typeof body.vzlistJson !== 'boolean') throw new HttpError(400, 'vzlistJson must be true or false');
    if (typeof body.vzlistJson === 'boolean') node.model.vzlistJson = body.vzlistJson;
    if (body.vzDiskKb !== undefined && !(Number.isInteger(body.vzDiskKb) && (body.vzDiskKb as number) >= 0)) throw new HttpError(400, 'vzDiskKb must be an integer ≥ 0');
    if (typeof body.cptLoaded === 'boolean') node.cptLoaded = body.cptLoaded;
    if (typeof body.vzDiskKb === 'number') node.vzDiskKb = body.vzDiskKb;
    return describeNode(node);
  }
  if (action === 'fault') {
    await node.setFault(method === 'DELETE' ? null : toFaultSpec(await readJson(req)));
    return describeNode(node);
  }
  if (action === 'rotate-host-key') return { hostKeyFingerprint: await node.rotateHostKey() };
  if (action === 'ct') {
    const ctId = Number(m[4]);
    const ct = node.model.containers.find((c) => c.ctId === ctId);
    if (!ct) throw new HttpError(404, `no CT ${ctId} on ${node.name}`);
    const body = (await readJson(req)) as Record<string, unknown>;
    try {
      applyCtFields(ct, body);
    } catch (err) {
      if (err instanceof CtFieldError) throw new HttpError(400, err.message);
      throw err;
    }
    return describeContainers(node).find((c) => c.ctId === ctId);
  }
  const ctId = Number(m[3]);
  if (!node.restartContainer(ctId)) throw new HttpError(404, `no CT ${ctId} on ${node.name}`);
  return describeContainers(node).find((ct) => ct.ctId === ctId);
}

/** Serves the control endpoint on 127.0.0.1:port (0 = any free port). */
export function startControlServer(fleet: ControlledFleet, port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    route(fleet, req).then(
      (body) => send(200, body),
      (e: unknown) => {
        if (e instanceof HttpError) send(e.status, { error: e.message });
        else if (e instanceof FaultSpecError) send(400, { error: e.message });
        else send(500, { error: e instanceof Error ? e.message : String(e) });
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
