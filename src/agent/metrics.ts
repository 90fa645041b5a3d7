/**
 * The agent's Prometheus metrics, kept in memory and rendered in the text
 * exposition format (version 0.0.4). Small on purpose: counters, gauges read
 * on scrape, and fixed-bucket histograms.
 */
import type { SyncEvent } from '../convert/types.ts';
import type { RegistryRateState } from '../registry/index.ts';

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${entries.map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
}

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  readonly name: string;
  readonly help: string;

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const cur = this.values.get(key) ?? { labels, value: 0 };
    cur.value += by;
    this.values.set(key, cur);
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  readonly name: string;
  readonly help: string;
  private readonly buckets: number[];

  constructor(name: string, help: string, buckets: number[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((b, i) => {
      if (value <= b) this.counts[i]! += 1;
    });
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines;
  }
}

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class Metrics {
  readonly jobs = new Counter('cvmfs_unpack_jobs_total', 'Jobs finished, by outcome (succeeded, failed).');
  readonly requests = new Counter('cvmfs_unpack_requests_total', 'Sync requests answered, by source and result (accepted, merged, refused, rate_limited).');
  readonly images = new Counter('cvmfs_unpack_images_total', 'Images processed, by status (published, updated, unchanged, failed).');
  readonly bytesPulled = new Counter('cvmfs_unpack_pulled_bytes_total', 'Bytes downloaded from registries.');
  readonly layerSeconds = new Histogram('cvmfs_unpack_layer_duration_seconds', 'Time to fetch and unpack one layer.', SECONDS);
  readonly publishSeconds = new Histogram('cvmfs_unpack_publish_duration_seconds', 'Time to commit one transaction (publish).', SECONDS);
  readonly batchSeconds = new Histogram('cvmfs_unpack_batch_duration_seconds', 'Time of one batch of jobs, start to end.', SECONDS);
  private readonly gauges: { name: string; help: string; read: () => number }[] = [];
  private registryStates: (() => RegistryRateState[]) | undefined;

  constructor() {
    // Present from the first scrape, so that rate() and alerts see a zero.
    this.jobs.inc({ outcome: 'succeeded' }, 0);
    this.jobs.inc({ outcome: 'failed' }, 0);
    this.bytesPulled.inc({}, 0);
  }

  /** A gauge whose value is read at scrape time. */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.push({ name, help, read });
  }

  /** The registry client's per-registry requests and rate limits, read at scrape time. */
  registries(read: () => RegistryRateState[]): void {
    this.registryStates = read;
  }

  private renderRegistries(): string[] {
    const states = this.registryStates?.() ?? [];
    const family = (name: string, type: 'counter' | 'gauge', help: string, rows: [Labels, number | undefined][]) => {
      const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
      for (const [labels, value] of rows) if (value !== undefined) lines.push(`${name}${labelText(labels)} ${value}`);
      return lines;
    };
    const per = (f: (s: RegistryRateState) => number | undefined) => states.map((s): [Labels, number | undefined] => [{ registry: s.registry }, f(s)]);
    return [
      ...family('cvmfs_unpack_registry_requests_total', 'counter', 'Requests sent to registries, by kind (manifest-get is what Docker Hub counts as a pull).',
        states.flatMap((s) => Object.entries(s.requests).map(([kind, n]): [Labels, number] => [{ registry: s.registry, kind }, n]))),
      ...family('cvmfs_unpack_registry_ratelimit_remaining', 'gauge', 'Pulls left in the registry window, as the registry last said (ratelimit-remaining).', per((s) => s.remaining)),
      ...family('cvmfs_unpack_registry_ratelimit_limit', 'gauge', 'Pulls the registry allows per window (ratelimit-limit).', per((s) => s.limit)),
      ...family('cvmfs_unpack_registry_ratelimited_total', 'counter', 'Answers 429 (or 503 with Retry-After) from the registry.', per((s) => s.limited)),
      ...family('cvmfs_unpack_registry_carried_total', 'counter', 'Requests not sent because the rate limit wait was too long (images carried to the next cycle).', per((s) => s.carried)),
      ...family('cvmfs_unpack_registry_ratelimit_wait_seconds_total', 'counter', 'Time requests waited for the registry rate limit.', per((s) => s.waitedMs / 1000)),
    ];
  }

  /** Feeds the engine's progress events into the counters. */
  observeEvent(event: SyncEvent): void {
    switch (event.type) {
      case 'layer-done':
        if (!event.reused) this.layerSeconds.observe(event.ms / 1000);
        break;
      case 'publish-done':
        this.publishSeconds.observe(event.ms / 1000);
        break;
      case 'image-done':
        this.images.inc({ status: event.result.status });
        this.bytesPulled.inc({}, event.result.timings.bytesDownloaded);
        break;
      default:
        break;
    }
  }

  render(): string {
    const lines: string[] = [];
    for (const g of this.gauges) lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.read()}`);
    for (const m of [this.jobs, this.requests, this.images, this.bytesPulled, this.layerSeconds, this.publishSeconds, this.batchSeconds]) {
      lines.push(...m.render());
    }
    lines.push(...this.renderRegistries());
    return `${lines.join('\n')}\n`;
  }
}
