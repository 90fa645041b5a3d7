/**
 * The scheduled sync (`cvmfs-unpack loop`, and the agent's `recipe:`): every
 * interval, re-read the recipe, expand wildcards, publish what is new or
 * changed in one transaction, and report each image as unchanged, updated or
 * failed. A failing image backs off and never blocks the others; an abort
 * signal finishes (or aborts) the running transaction and ends the loop.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { syncImages, type SyncOptions } from '../convert/index.ts';
import type { ImageResult, SyncEvent, SyncRequest } from '../convert/types.ts';
import { formatImageRef } from '../reference/index.ts';
import type { Publisher } from '../publish/index.ts';
import type { RegistryClient, Platform } from '../registry/index.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import { isDue, nextAttempt, type FailureState } from './backoff.ts';

export interface CycleSource {
  /** Reads the recipe anew and returns the requests of this cycle. */
  (): Promise<{
    requests: SyncRequest[];
    failed: ImageResult[];
    ignored: (ref: string) => boolean;
    /** The podman store, thin images, DUCC's --skip-* switches of this cycle (the recipe's and the command line's). */
    outputs?: SyncOptions['outputs'];
  }>;
}

export interface LoopOptions {
  source: CycleSource;
  publisher: Publisher;
  client?: RegistryClient;
  intervalMs: number;
  /** Cap of the back-off of a failing image (default 6 h). */
  maxBackoffMs?: number;
  once?: boolean;
  logger: Logger;
  onEvent?: (e: SyncEvent) => void;
  onCycle?: (report: CycleReport) => void | Promise<void>;
  signal?: AbortSignal;
  platforms?: Platform[];
  batch?: SyncOptions['batch'];
  now?: () => number;
}

export interface CycleReport {
  cycle: number;
  unchanged: string[];
  updated: string[];
  failed: { ref: string; error: string; ignored: boolean }[];
  skipped: string[];
  /** Held back by a registry's rate limit: carried to the next cycle, not failed. */
  deferred: string[];
  ms: number;
}

export async function runScheduled(opts: LoopOptions): Promise<CycleReport[]> {
  const now = opts.now ?? Date.now;
  const failures = new Map<string, FailureState>();
  const reports: CycleReport[] = [];
  for (let cycle = 1; ; cycle++) {
    const started = now();
    const report: CycleReport = { cycle, unchanged: [], updated: [], failed: [], skipped: [], deferred: [], ms: 0 };
    try {
      const { requests, failed, ignored, outputs } = await opts.source();
      const due = requests.filter((r) => {
        // The same form as ImageResult.ref, so that failures and requests line up.
        const key = formatImageRef(r.ref);
        if (isDue(failures.get(key), started)) return true;
        report.skipped.push(key);
        return false;
      });
      const results = [...failed, ...(await syncImages(due, { publisher: opts.publisher, client: opts.client, logger: opts.logger, onEvent: opts.onEvent, signal: opts.signal, batch: opts.batch, outputs, deferRateLimited: true }))];
      for (const r of results) {
        if (r.status === 'failed') {
          const error = r.error ?? 'unknown error';
          failures.set(r.ref, nextAttempt(failures.get(r.ref), now(), opts.intervalMs, opts.maxBackoffMs ?? 6 * 3_600_000, error));
          report.failed.push({ ref: r.ref, error, ignored: ignored(r.ref) });
        } else if (r.status === 'deferred') {
          // The registry's limit, not the image: no back-off, tried again next cycle.
          report.deferred.push(r.ref);
        } else {
          failures.delete(r.ref);
          (r.status === 'unchanged' ? report.unchanged : report.updated).push(r.ref);
        }
      }
    } catch (err) {
      // A recipe that cannot be read this cycle (being edited, a typo) is reported; the loop goes on.
      report.failed.push({ ref: '(recipe)', error: describeError(err), ignored: false });
    }
    report.ms = now() - started;
    reports.push(report);
    logCycle(opts.logger, report, failures, opts.client);
    await opts.onCycle?.(report);
    if (opts.once || opts.signal?.aborted) return reports;
    try {
      await sleep(opts.intervalMs, undefined, { signal: opts.signal });
    } catch {
      return reports; // aborted while waiting
    }
  }
}

function logCycle(logger: Logger, r: CycleReport, failures: Map<string, FailureState>, client: RegistryClient | undefined): void {
  if (r.deferred.length > 0) logger.warn('registry rate limit: images carried to the next cycle', { cycle: r.cycle, deferred: r.deferred.length, first: r.deferred[0] });
  for (const s of client?.rateLimits() ?? []) {
    if (s.limit === undefined && s.limited === 0) continue;
    logger.info('registry rate limit', { registry: s.registry, remaining: s.remaining, limit: s.limit, windowSeconds: s.windowSeconds, limited: s.limited, carried: s.carried, waitedMs: s.waitedMs });
  }
  for (const f of r.failed) {
    const state = failures.get(f.ref);
    (f.ignored ? logger.warn : logger.error)('image failed', {
      cycle: r.cycle,
      image: f.ref,
      error: f.error,
      failures: state?.failures,
      retryAt: state ? new Date(state.notBefore).toISOString() : undefined,
    });
  }
  logger.info('cycle done', {
    cycle: r.cycle,
    unchanged: r.unchanged.length,
    updated: r.updated.length,
    failed: r.failed.length,
    backingOff: r.skipped.length,
    deferred: r.deferred.length,
    ms: r.ms,
  });
}
