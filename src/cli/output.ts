/**
 * What the user sees. On a terminal: a live block of progress lines (per
 * image and layer: bytes and rate) on stderr. Otherwise: one structured line
 * per event, `key=value` text or JSON lines (--json), on stderr for logs and
 * stdout for results.
 */
import type { Writable } from 'node:stream';
import type { SyncEvent } from '../convert/types.ts';
import { createLogger, type Fields, type Level, type Logger } from '../log/logger.ts';
import { formatBytes } from '../common/size.ts';
export { formatBytes };

export interface Output {
  logger: Logger;
  onEvent(event: SyncEvent): void;
  /** Clears any live progress block (before final results are printed). */
  close(): void;
}


export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

function quote(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

/** `time=… level=info msg="…" key=value` — one line, greppable. */
export function textLine(level: Level, msg: string, fields: Fields): string {
  const parts = [`time=${new Date().toISOString()}`, `level=${level}`, `msg=${quote(msg)}`];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) parts.push(`${k}=${quote(v)}`);
  return parts.join(' ');
}

export function jsonLine(level: Level, msg: string, fields: Fields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
}

function eventFields(event: SyncEvent): [string, Fields] | undefined {
  switch (event.type) {
    case 'image-start':
      return ['image started', { image: event.ref }];
    case 'layer-start':
      return ['layer download started', { image: event.ref, layer: event.digest, size: event.size }];
    case 'layer-progress':
      return undefined; // too chatty for logs; the terminal shows it live
    case 'layer-done':
      return ['layer done', { image: event.ref, layer: event.digest, size: event.size, ms: event.ms, reused: event.reused }];
    case 'image-done': {
      const r = event.result;
      return [`image ${r.status}`, { image: r.ref, digest: r.digest, path: r.path, error: r.error, retryAt: r.retryAt, ms: r.timings.totalMs }];
    }
    case 'publish-start':
      return ['publish started', { target: event.target }];
    case 'publish-done':
      return ['publish done', { target: event.target, ms: event.ms }];
  }
}

export function createOutput(opts: { stderr: Writable & { isTTY?: boolean }; json: boolean; verbose?: boolean }): Output {
  const { stderr, json } = opts;
  const live = !json && stderr.isTTY === true;
  const progress = live ? new LiveProgress(stderr) : undefined;
  const logger = createLogger((level, msg, fields) => {
    if (level === 'debug' && !opts.verbose) return;
    progress?.clear();
    stderr.write(`${json ? jsonLine(level, msg, fields) : live ? humanLine(level, msg, fields) : textLine(level, msg, fields)}\n`);
    progress?.draw();
  });
  return {
    logger,
    onEvent(event) {
      if (progress) {
        progress.update(event);
        return;
      }
      const f = eventFields(event);
      const failed = event.type === 'image-done' && (event.result.status === 'failed' || event.result.status === 'deferred');
      if (f) (failed ? logger.warn : logger.info)(f[0], f[1]);
    },
    close() {
      progress?.clear();
    },
  };
}

function humanLine(level: Level, msg: string, fields: Fields): string {
  const extra = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(' ');
  const prefix = level === 'info' ? '' : `${level}: `;
  return `${prefix}${msg}${extra ? ` (${extra})` : ''}`;
}

interface LayerLine {
  ref: string;
  digest: string;
  bytes: number;
  size: number;
  started: number;
  done: boolean;
  reused?: boolean;
}

/** A redrawn block of lines at the bottom of the terminal. */
class LiveProgress {
  private layers = new Map<string, LayerLine>();
  private drawn = 0;
  private lastDraw = 0;

  constructor(private readonly out: Writable) {}

  update(event: SyncEvent): void {
    const key = (ref: string, digest: string) => `${ref} ${digest}`;
    switch (event.type) {
      case 'layer-start':
        this.layers.set(key(event.ref, event.digest), {
          ref: event.ref,
          digest: event.digest,
          bytes: 0,
          size: event.size,
          started: Date.now(),
          done: false,
        });
        break;
      case 'layer-progress': {
        const l = this.layers.get(key(event.ref, event.digest));
        if (l) l.bytes = event.bytes;
        break;
      }
      case 'layer-done': {
        const l = this.layers.get(key(event.ref, event.digest));
        if (l) Object.assign(l, { done: true, bytes: event.size, reused: event.reused });
        break;
      }
      case 'image-done': {
        for (const [k, l] of this.layers) if (l.ref === event.result.ref) this.layers.delete(k);
        this.clear();
        const r = event.result;
        const what = r.status === 'failed' ? `failed: ${r.error}` : r.status === 'deferred' ? `next cycle (registry rate limit): ${r.error}` : `${r.status} -> ${r.path}`;
        this.out.write(`${r.ref}: ${what} (${(r.timings.totalMs / 1000).toFixed(1)} s)\n`);
        this.draw();
        return;
      }
      case 'publish-start':
        this.clear();
        this.out.write(`publishing ${event.target}…\n`);
        this.draw();
        return;
      default:
        return;
    }
    const now = Date.now();
    if (event.type !== 'layer-progress' || now - this.lastDraw > 100) {
      this.clear();
      this.draw();
    }
  }

  draw(): void {
    const lines: string[] = [];
    for (const l of this.layers.values()) {
      const secs = Math.max((Date.now() - l.started) / 1000, 0.001);
      const state = l.done
        ? l.reused
          ? 'already present'
          : 'done'
        : `${formatBytes(l.bytes)} / ${formatBytes(l.size)}  ${formatBytes(l.bytes / secs)}/s`;
      lines.push(`  ${l.ref} ${shortDigest(l.digest)}  ${state}`);
    }
    if (lines.length) this.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
    this.lastDraw = Date.now();
  }

  clear(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }
}
