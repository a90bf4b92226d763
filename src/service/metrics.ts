/**
 * Service metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and
 * histograms with fixed buckets, kept in memory.
 */

type Labels = Record<string, string>;

const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) this.counts[i]++;
  }
}

interface Family {
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  series: Map<string, { labels: Labels; value: number | Histogram | (() => number) }>;
}

export class Metrics {
  private readonly families = new Map<string, Family>();

  /** Add `by` (default 1) to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const s = this.series(name, help, 'counter', labels, () => 0);
    s.value = (s.value as number) + by;
  }

  /** A gauge read when /metrics is scraped. */
  gauge(name: string, help: string, read: () => number, labels: Labels = {}): void {
    this.series(name, help, 'gauge', labels, () => read).value = read;
  }

  /** Record one observation (seconds) in a latency histogram. */
  observe(name: string, help: string, seconds: number, labels: Labels = {}): void {
    (this.series(name, help, 'histogram', labels, () => new Histogram(LATENCY_BUCKETS)).value as Histogram).observe(seconds);
  }

  /** The exposition text. */
  text(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const { labels, value } of f.series.values()) {
        if (value instanceof Histogram) {
          value.buckets.forEach((b, i) => out.push(`${name}_bucket${render({ ...labels, le: String(b) })} ${value.counts[i]}`));
          out.push(`${name}_bucket${render({ ...labels, le: '+Inf' })} ${value.count}`, `${name}_sum${render(labels)} ${value.sum}`, `${name}_count${render(labels)} ${value.count}`);
        } else {
          out.push(`${name}${render(labels)} ${number(typeof value === 'function' ? value() : value)}`);
        }
      }
    }
    return `${out.join('\n')}\n`;
  }

  private series(name: string, help: string, type: Family['type'], labels: Labels, make: () => number | Histogram | (() => number)) {
    let f = this.families.get(name);
    if (!f) this.families.set(name, (f = { help, type, series: new Map() }));
    const key = render(labels);
    let s = f.series.get(key);
    if (!s) f.series.set(key, (s = { labels, value: make() }));
    return s;
  }
}

function render(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function number(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x === Infinity ? '+Inf' : x === -Infinity ? '-Inf' : String(x);
}
