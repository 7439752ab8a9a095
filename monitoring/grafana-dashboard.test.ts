import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Structure of the shipped Grafana dashboard (its queries run against a real Prometheus in
 * prometheus.test.ts): importable anywhere, i.e. every query goes through the datasource variable.
 */
interface Target { refId: string; expr: string; datasource?: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; datasource?: { uid: string }; targets?: Target[] }
const dash = JSON.parse(readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'grafana/vzfleet-dashboard.json'), 'utf8')) as {
  uid: string;
  title: string;
  templating: { list: { name: string; type: string; query: unknown }[] };
  panels: Panel[];
};

describe('Grafana dashboard', () => {
  it('offers a Prometheus datasource variable and a node filter over vzfleet_node_up', () => {
    const vars = Object.fromEntries(dash.templating.list.map((v) => [v.name, v]));
    expect(vars.datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(JSON.stringify(vars.node?.query)).toContain('label_values(vzfleet_node_up, node)');
  });

  it('sends every panel and query through ${datasource}, never a fixed datasource uid', () => {
    for (const p of dash.panels.filter((p) => p.type !== 'row')) {
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe('${datasource}');
    }
  });

  it('covers fleet health, commitment, CPU guarantee, failcnt increases, CTs failing and poll durations from the default scrape', () => {
    const all = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const m of ['vzfleet_node_up', 'vzfleet_node_health', 'openvz_node_memory_ratio{column="alloc_commit"', 'openvz_node_cpu_units_committed', 'increase(vzfleet_failcnt_refusals_total', 'vzfleet_node_cts_failing', 'vzfleet_poll_duration_seconds']) {
      expect(all).toContain(m);
    }
  });

  it('has unique panel ids and a layout inside the 24-column grid', () => {
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dash.panels) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    expect(dash.uid).toMatch(/^[a-z0-9-]{1,40}$/);
  });
});
