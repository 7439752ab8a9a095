/**
 * The Prometheus text format (0.0.4), written by hand: at 1000 nodes a registry of Gauge objects
 * costs more than the figures themselves, and a scrape should be a string already in memory.
 * Label values come from nodes (resource names, CT ids): they are escaped, never trusted.
 */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatSampleValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}

/** One metric family: declared once (HELP, TYPE), then its samples; a family without samples prints only its header. */
export class MetricFamily {
  private readonly lines: string[] = [];
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}

  set(labels: Labels, value: number): void {
    const keys = Object.keys(labels);
    const l = keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}`;
    this.lines.push(`${this.name}${l} ${formatSampleValue(value)}`);
  }

  get size(): number {
    return this.lines.length;
  }

  render(): string {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n${this.lines.map((l) => l + '\n').join('')}`;
  }
}

export function renderFamilies(families: readonly MetricFamily[]): string {
  return families.map((f) => f.render()).join('');
}
