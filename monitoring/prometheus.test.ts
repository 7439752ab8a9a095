import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodePollState } from '../db/schema';
import { createTestDb, type TestDb } from '../db/test-databases';
import { insertNode } from '../server/inventory/nodes';
import type { FleetMetricsNode } from '../server/metrics/fleet-data';
import { renderFleetMetrics } from '../server/metrics/fleet-exposition';
import { renderNodeDetail } from '../server/metrics/node-exposition';
import { handleMetricsRequest } from '../server/metrics/http';
import type { Services } from '../server/services';
import { parseSecret } from '../server/ssh/key-vault';
import { freePort } from '../server/test-free-port';
import { createTestServices } from '../server/test-services';

/**
 * The shipped Prometheus rules and vzfleet's exposition checked with Debian's real Prometheus
 * tools (.ci/run installs them): promtool on the files, and a real Prometheus (plus Alertmanager)
 * scraping a running /api/metrics handler with its bearer token on loopback.
 */
const DIR = path.dirname(new URL(import.meta.url).pathname);
const RULES = path.join(DIR, 'prometheus/vzfleet.rules.yml');
const DASHBOARD = path.join(DIR, 'grafana/vzfleet-dashboard.json');
const SCRAPE_CONFIGS = path.join(DIR, 'prometheus/scrape-configs.yml');
const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

function promtool(args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(PROMTOOL, args, { cwd: DIR }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}


async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const getJson = async (url: string): Promise<any> => (await fetch(url)).json(); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('promtool on the shipped rules', () => {
  it('finds the rules file valid', async () => {
    const r = await promtool(['check', 'rules', RULES]);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('passes the rule unit tests (each rule fires and stays quiet where it should)', async () => {
    const r = await promtool(['test', 'rules', 'prometheus/vzfleet.rules.test.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('rejects a broken rule, so the check above can fail', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vzfleet-rules-'));
    const bad = path.join(dir, 'bad.yml');
    await writeFile(bad, 'groups:\n  - name: x\n    rules:\n      - alert: Bad\n        expr: rate(openvz_beancounter_failcnt[5m] > 0\n');
    const r = await promtool(['check', 'rules', bad]);
    await rm(dir, { recursive: true, force: true });
    expect(r.code).not.toBe(0);
  });
});

describe('promtool check metrics on the exposition', () => {
  it('finds a seeded fleet exposition free of lint problems, with every series the rules use', async () => {
    const bc = (resource: string, held: number, barrier: number | null, limit: number | null, failcnt = 0) => ({ resource, held, maxheld: held, barrier, limit, failcnt });
    const fleet: FleetMetricsNode[] = [
      {
        id: 1, name: 'hn-01', pollIntervalS: null,
        poll: { health: 'ok', healthSince: new Date(0), lastAttemptAt: new Date(60_000), lastSuccessAt: new Date(60_000), lastDurationMs: 250 },
        snapshot: { id: 9, memTotalKb: 4 * 1024 * 1024, swapTotalKb: 1024 * 1024, lowTotalKb: null },
        memory: { model: 'vzmemcheck', commitment: 1.2, allocCommit: 1.2, allocUtil: 0.4, memswapUtil: 0.3, oversell: null, commitExcluded: 0 },
        cpu: { currentUtilization: 3501, nodePower: 402_887 },
        cts: { running: 1, total: 1 }, ctsFailing: 1, failcnt: new Map([['numproc', 37]]), migrationsFailed: 0, wrapperRefused: ['squeezed-scripts'],
      },
      {
        id: 2, name: 'hn-02', pollIntervalS: 60,
        poll: { health: 'unreachable', healthSince: new Date(30_000), lastAttemptAt: new Date(90_000), lastSuccessAt: null, lastDurationMs: 10 },
        snapshot: null, memory: null, cpu: null, cts: { running: 0, total: 0 }, ctsFailing: 0, failcnt: new Map(), migrationsFailed: 2, wrapperRefused: [],
      },
    ];
    const detail = renderNodeDetail({
      name: 'hn-01', memTotalKb: 4 * 1024 * 1024, swapTotalKb: 1024 * 1024, lowTotalKb: null,
      blocks: [{ ctId: '101', beancounters: [bc('numproc', 40, 240, 240, 37), bc('privvmpages', 60_000, 65_536, null), bc('vmguarpages', 0, 33_792, null), bc('physpages', 1, 0, null)] }],
      quotas: [{ ctId: '101', blocksUsage: 900, blocksSoft: 1000, blocksHard: 1100, inodesUsage: 10, inodesSoft: null, inodesHard: null }],
      runningCtIds: new Set(['101']),
    });
    const body = renderFleetMetrics(fleet, new Date(120_000), { pollIntervalMs: 15_000 }) + detail;
    const lines = body.split('\n');
    for (const l of [
      'vzfleet_nodes 2',
      'vzfleet_node_last_success_timestamp_seconds{node="hn-01"} 60',
      'vzfleet_node_last_attempt_timestamp_seconds{node="hn-02"} 90',
      'vzfleet_node_health_since_timestamp_seconds{node="hn-02"} 30',
      'vzfleet_node_poll_interval_seconds{node="hn-01"} 15',
      'vzfleet_node_poll_interval_seconds{node="hn-02"} 60',
      'vzfleet_migrations_failed{node="hn-01"} 0',
      'vzfleet_migrations_failed{node="hn-02"} 2',
      'openvz_quota_usage{node="hn-01",ctid="101",resource="blocks"} 900',
      'openvz_quota_softlimit{node="hn-01",ctid="101",resource="blocks"} 1000',
      'openvz_quota_hardlimit{node="hn-01",ctid="101",resource="blocks"} 1100',
      'openvz_quota_usage{node="hn-01",ctid="101",resource="inodes"} 10',
    ]) {
      expect(lines).toContain(l);
    }
    expect(body).not.toContain('openvz_quota_softlimit{node="hn-01",ctid="101",resource="inodes"}'); // unlimited: no series

    for (const b of [body, detail]) {
      const r = await promtool(['check', 'metrics'], b);
      expect(r.out).toBe('');
      expect(r.code).toBe(0);
    }

    // every vzfleet/openvz series the rules and the dashboard use is one the two scrapes have
    const exported = new Set([...body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const used = new Set([...(await readFile(RULES, 'utf8') + (await readFile(DASHBOARD, 'utf8'))).matchAll(/\b(?:openvz|vzfleet)_[a-z_]+\b/g)].map((m) => m[0]));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((n) => !exported.has(n))).toEqual([]);
  });

  it('flags a lint problem when there is one, so the check above can fail', async () => {
    const r = await promtool(['check', 'metrics'], '# HELP foo_total x\n# TYPE foo_total gauge\nfoo_total 1\n');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('foo_total');
  });
});

describe('a real Prometheus scraping a running vzfleet', () => {
  const TOKEN = 'prom-test-token-0123456789abcdef';
  let t: TestDb;
  let services: Services;
  let server: Server;
  let tmp: string;
  const children: ChildProcess[] = [];
  let promUrl = '';
  let amUrl = '';
  let scrapes = 0;
  let unauthorized = 0;
  const hasAlertmanager = existsSync(ALERTMANAGER);

  beforeAll(async () => {
    t = await createTestDb('pglite');
    services = createTestServices(t, { secret: parseSecret('34'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 }, { pollIntervalMs: 15_000 });
    const up = await insertNode(t.db, { name: 'hn-up-01', host: '127.0.0.1', authMethod: 'agent' }, services.secret);
    const down = await insertNode(t.db, { name: 'hn-down-02', host: '127.0.0.2', authMethod: 'agent' }, services.secret);
    const now = Date.now();
    await t.db
      .update(nodePollState)
      .set({ health: 'ok', healthSince: new Date(now - 3_600_000), lastAttemptAt: new Date(now), lastSuccessAt: new Date(now), lastDurationMs: 120 })
      .where(eq(nodePollState.nodeId, up.id));
    // unreachable for 10 minutes: far past 3 polls, so the rule fires at its first evaluation
    await t.db
      .update(nodePollState)
      .set({ health: 'unreachable', healthSince: new Date(now - 600_000), lastAttemptAt: new Date(now), lastSuccessAt: new Date(now - 600_000), lastDurationMs: 10_000 })
      .where(eq(nodePollState.nodeId, down.id));

    // The route handler of app/api/metrics behind a plain node http server (no next build needed).
    server = createServer((req, res) => {
      const request = new Request(`http://127.0.0.1${req.url}`, { headers: { authorization: req.headers.authorization ?? '' } });
      void handleMetricsRequest(services, request, TOKEN).then(async (r) => {
        if (r.status === 200) scrapes++;
        else unauthorized++;
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(await r.text());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const appPort = (server.address() as AddressInfo).port;

    tmp = await mkdtemp(path.join(os.tmpdir(), 'vzfleet-prom-'));
    await writeFile(path.join(tmp, 'token'), TOKEN + '\n');
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    let alerting = '';
    if (hasAlertmanager) {
      const amPort = await freePort();
      amUrl = `http://127.0.0.1:${amPort}`;
      await writeFile(path.join(tmp, 'am.yml'), 'route:\n  receiver: blackhole\n  group_wait: 0s\nreceivers:\n  - name: blackhole\n');
      const am = spawn(ALERTMANAGER, [`--config.file=${tmp}/am.yml`, `--storage.path=${tmp}/am`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='], { stdio: 'ignore' });
      children.push(am);
      alerting = `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:${amPort}']\n`;
    }
    await writeFile(
      path.join(tmp, 'prometheus.yml'),
      [
        'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s',
        `rule_files:\n  - ${RULES}`,
        alerting,
        // the shipped scrape configs (default + per-node job with its relabelling), pointed at this server
        (await readFile(SCRAPE_CONFIGS, 'utf8'))
          .replaceAll('vzfleet.example.net:3000', `127.0.0.1:${appPort}`)
          .replaceAll('/etc/prometheus/vzfleet.token', `${tmp}/token`)
          .replace("targets: ['hn-01', 'hn-02']", "targets: ['hn-up-01', 'hn-nowhere']")
          .replace('scrape_interval: 60s', 'scrape_interval: 1s')
          .trimEnd(),
        '  - job_name: vzfleet-without-token',
        '    metrics_path: /api/metrics',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${appPort}']`,
      ].join('\n') + '\n',
    );
    const prom = spawn(PROMETHEUS, [`--config.file=${tmp}/prometheus.yml`, `--storage.tsdb.path=${tmp}/data`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });
    children.push(prom);
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    if (server) await new Promise((r) => server.close(r));
    services?.ssh.closeAll();
    await t?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('scrapes with the token (target up) and is refused without it (target down)', async () => {
    const targets = await waitFor('all targets scraped', async () => {
      const j = await getJson(`${promUrl}/api/v1/targets`);
      const active = j.data.activeTargets as { labels: { job: string; instance: string }; health: string; lastError: string }[];
      return active.length === 4 && active.every((a) => a.health !== 'unknown') ? active : undefined;
    });
    const byJob = Object.fromEntries(targets.filter((a) => a.labels.job !== 'vzfleet-cts').map((a) => [a.labels.job, a]));
    // the per-node job: one target per node name, relabelled to ?node=<name> at vzfleet's address
    const perNode = Object.fromEntries(targets.filter((a) => a.labels.job === 'vzfleet-cts').map((a) => [a.labels.instance, a]));
    expect(perNode['hn-up-01']!.health).toBe('up');
    expect(perNode['hn-nowhere']!.health).toBe('down');
    expect(perNode['hn-nowhere']!.lastError).toContain('404');
    expect(byJob.vzfleet!.health).toBe('up');
    expect(byJob['vzfleet-without-token']!.health).toBe('down');
    expect(byJob['vzfleet-without-token']!.lastError).toContain('401');
    expect(scrapes).toBeGreaterThan(0);
    expect(unauthorized).toBeGreaterThan(0);
  });

  it('answers a query with vzfleet series', async () => {
    const result = await waitFor('vzfleet_node_up in Prometheus', async () => {
      const j = await getJson(`${promUrl}/api/v1/query?query=${encodeURIComponent('vzfleet_node_up{job="vzfleet"}')}`);
      return j.data.result.length === 2 ? (j.data.result as { metric: { node: string }; value: [number, string] }[]) : undefined;
    });
    expect(Object.fromEntries(result.map((r) => [r.metric.node, r.value[1]]))).toEqual({ 'hn-up-01': '1', 'hn-down-02': '0' });
  });

  it('loads the shipped rules and fires the node-unreachable alert for the down node only', async () => {
    const rules = await getJson(`${promUrl}/api/v1/rules`);
    const names = (rules.data.groups as { name: string; rules: { name: string; health: string }[] }[]).flatMap((g) => g.rules);
    expect(names.map((r) => r.name)).toEqual(expect.arrayContaining(['VzfleetNodeUnreachable', 'VzfleetFailcntRising', 'VzfleetHeldNearBarrier', 'VzfleetDown', 'VzfleetNotPolling']));
    const alerts = await waitFor('VzfleetNodeUnreachable firing', async () => {
      const j = await getJson(`${promUrl}/api/v1/alerts`);
      const a = (j.data.alerts as { labels: Record<string, string>; state: string }[]).filter((x) => x.labels.alertname === 'VzfleetNodeUnreachable' && x.state === 'firing');
      return a.length > 0 ? a : undefined;
    });
    expect(alerts.map((a) => a.labels.node)).toEqual(['hn-down-02']);
    // every rule evaluates without error against the real exposition
    await waitFor('all rules evaluated', async () => (names.length > 0 && (await getJson(`${promUrl}/api/v1/rules`)).data.groups.every((g: { rules: { health: string }[] }) => g.rules.every((r) => r.health === 'ok')) ? true : undefined));
  });

  it('runs every query of the Grafana dashboard without an error', async () => {
    const dash = JSON.parse(await readFile(DASHBOARD, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr.replaceAll('$node', '.*').replaceAll('$__rate_interval', '1m') })));
    expect(exprs.length).toBeGreaterThan(10);
    for (const { panel, expr } of exprs) {
      const j = await getJson(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
      expect({ panel, status: j.status, error: j.error }).toEqual({ panel, status: 'success', error: undefined });
    }
    // and the fleet-health ones see the scraped fleet
    const up = await getJson(`${promUrl}/api/v1/query?query=${encodeURIComponent(exprs.find((e) => e.panel === 'Nodes polled OK')!.expr)}`);
    expect(up.data.result[0].value[1]).toBe('1');
  });

  it.runIf(hasAlertmanager)('hands the alert to a real Alertmanager', async () => {
    const got = await waitFor('the alert in Alertmanager', async () => {
      const list = (await getJson(`${amUrl}/api/v2/alerts`)) as { labels: Record<string, string> }[];
      const a = list.filter((x) => x.labels.alertname === 'VzfleetNodeUnreachable');
      return a.length > 0 ? a : undefined;
    });
    expect(got).toHaveLength(1);
    expect(got[0]!.labels).toMatchObject({ node: 'hn-down-02', severity: 'critical', job: 'vzfleet' });
  });
});
