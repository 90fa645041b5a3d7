/**
 * syncImages: the engine. Phase one, outside any transaction: one manifest
 * request per unit decides whether anything changed. Phase two, inside one
 * publisher transaction: convert what changed, each image on its own (one
 * failure never stops the others), then commit once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatImageRef } from '../reference/index.ts';
import { CredentialStore, RegistryClient, formatPlatform, type FetchedManifest } from '../registry/index.ts';
import type { Publisher, Transaction } from '../publish/index.ts';
import { flatDir, readSyncRecord } from '../repo/index.ts';
import { nullLogger, type Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import type { LayerLimits } from '../layer/index.ts';
import { isUnchanged, linkPathsOf, planUnits, type Unit } from './plan.ts';
import type { ImageResult, SyncEvent, SyncRequest } from './types.ts';

export interface SyncOptions {
  publisher: Publisher;
  client?: RegistryClient;
  logger?: Logger;
  onEvent?: (event: SyncEvent) => void;
  signal?: AbortSignal;
  limits?: Partial<LayerLimits>;
  /** Bound of one transaction; more is published in several (default DEFAULT_BATCH). */
  batch?: Partial<BatchLimit>;
}

interface Pending {
  unit: Unit;
  top: FetchedManifest;
  started: number;
}

export async function syncImages(requests: SyncRequest[], opts: SyncOptions): Promise<ImageResult[]> {
  const logger = opts.logger ?? nullLogger;
  const emit = opts.onEvent ?? (() => {});
  const client = opts.client ?? new RegistryClient({ credentials: CredentialStore.fromEnvironment(), logger });
  const { publisher } = opts;
  const results: ImageResult[] = [];
  const pending: Pending[] = [];

  const done = (result: ImageResult) => {
    results.push(result);
    emit({ type: 'image-done', result });
  };

  // Phase one: what changed? Read-only, no transaction (a no-op run opens none).
  for (const unit of planUnits(requests)) {
    const started = Date.now();
    const name = formatImageRef(unit.names[0]!);
    emit({ type: 'image-start', ref: name });
    try {
      const top = await client.fetchManifest(unit.ref);
      const records = await Promise.all(linkPathsOf(unit).map((p) => readSyncRecord(publisher.root, p, unit.multiarch ? unit.platform : undefined)));
      const flatExists = (configDigest: string) => existsSync(join(publisher.root, flatDir(configDigest)));
      if (isUnchanged(unit, top.digest, records, flatExists)) {
        for (const [i, n] of unit.names.entries()) {
          done({
            ref: formatImageRef(n),
            status: 'unchanged',
            digest: records[i]?.manifestDigest,
            configDigest: records[i]?.configDigest,
            platform: formatPlatform(unit.platform),
            path: join(publisher.root, linkPathsOf(unit)[i]!),
            timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
          });
        }
        continue;
      }
      pending.push({ unit, top, started });
    } catch (err) {
      done(failure(unit, started, err));
    }
  }
  if (pending.length === 0) return results;

  // Phase two: transactions of at most `batch` images / bytes for what changed.
  await publisher.recover();
  const limit = { ...DEFAULT_BATCH, ...opts.batch };
  for (let next = 0; next < pending.length; ) {
    if (opts.signal?.aborted) {
      // Interrupted between batches: nothing more is started; each image says so.
      for (const p of pending.slice(next)) done(failure(p.unit, p.started, new Error('interrupted before it started', { cause: opts.signal.reason })));
      break;
    }
    next = await publishBatch(pending, next, limit, { ...opts, client, logger, emit, done });
  }
  return results;
}

/** How much one transaction carries at most (a CVMFS publish of a big batch takes long and holds the lease). */
export interface BatchLimit {
  images: number;
  bytes: number;
}

export const DEFAULT_BATCH: BatchLimit = { images: 50, bytes: 20 * 1024 ** 3 };

interface BatchContext extends SyncOptions {
  client: RegistryClient;
  logger: Logger;
  emit: (e: SyncEvent) => void;
  done: (r: ImageResult) => void;
}

/** Converts pending units from `start` until the batch is full, commits once; returns the next index. */
async function publishBatch(pending: Pending[], start: number, limit: BatchLimit, ctx: BatchContext): Promise<number> {
  const { publisher, client, logger, emit } = ctx;
  // Loaded only when something changed: a no-op run never compiles the unpacking code.
  const { convertUnit } = await import('./image.ts');
  const txn: Transaction = await publisher.begin({ logger });
  let converted: ImageResult[] = [];
  let next = start;
  try {
    let bytes = 0;
    for (; next < pending.length && next - start < limit.images && bytes < limit.bytes; next++) {
      const p = pending[next]!;
      if (ctx.signal?.aborted) {
        converted.push(failure(p.unit, p.started, new Error('interrupted before it started', { cause: ctx.signal.reason })));
        continue;
      }
      try {
        const rs = await convertUnit(p.unit, p.top, { client, txn, root: txn.root, logger, emit, signal: ctx.signal, limits: ctx.limits, started: p.started });
        bytes += rs[0]?.timings.bytesDownloaded ?? 0;
        converted.push(...rs);
      } catch (err) {
        converted.push(failure(p.unit, p.started, err));
      }
    }
    if (converted.some((r) => r.status !== 'failed')) {
      const t0 = Date.now();
      emit({ type: 'publish-start', target: publisher.describe() });
      await txn.commit();
      emit({ type: 'publish-done', target: publisher.describe(), ms: Date.now() - t0 });
    } else {
      await txn.abort(new Error('no image converted'));
    }
  } catch (err) {
    await txn.abort(err).catch((abortErr: unknown) => logger.error('aborting the transaction failed', { error: String(abortErr) }));
    converted = converted.map((r) =>
      r.status === 'failed' ? r : { ...r, status: 'failed', error: `publishing ${publisher.describe()}: ${describeError(err)}`, path: undefined },
    );
  }
  for (const r of converted) ctx.done(r);
  return next;
}

function failure(unit: Unit, started: number, err: unknown): ImageResult {
  return {
    ref: formatImageRef(unit.names[0]!),
    status: 'failed',
    platform: formatPlatform(unit.platform),
    error: `pulling ${formatImageRef(unit.ref)}: ${describeError(err)}`,
    timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
  };
}
