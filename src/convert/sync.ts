/**
 * syncImages: the engine. Phase one, outside any transaction: one manifest
 * request per unit (several at a time) decides whether anything changed; a
 * run where nothing did opens no transaction. Phase two: convert what
 * changed in bounded batches, each image on its own (one failure never stops
 * the others), one commit per batch (see publishBatch for CVMFS).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatImageRef, type ImageRef } from '../reference/index.ts';
import { CredentialStore, RegistryClient, RegistryError, rateLimitCause, formatPlatform, type FetchedManifest } from '../registry/index.ts';
import type { BeginOptions, Publisher, Transaction } from '../publish/index.ts';
import type { ConvertContext, Prepared } from './image.ts';
import type { TreeStep } from './chains.ts';
import { flatDir, readSyncRecord } from '../repo/index.ts';
import { nullLogger, type Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import type { LayerLimits } from '../layer/index.ts';
import { isUnchanged, linkPathsOf, planUnits, type Unit } from './plan.ts';
import { duccUnchanged, readDuccImage } from './ducc.ts';
import type { ImageResult, SyncEvent, SyncRequest } from './types.ts';
import { afterPublish, beforeCommit, storeCheck, type OutputOptions } from './outputs.ts';

export interface SyncOptions {
  publisher: Publisher;
  client?: RegistryClient;
  logger?: Logger;
  onEvent?: (event: SyncEvent) => void;
  signal?: AbortSignal;
  limits?: Partial<LayerLimits>;
  /**
   * An image that cannot go on because its registry's rate limit would make it
   * wait too long is reported as 'deferred' (to try again next cycle) instead
   * of 'failed'. The scheduled loop sets this; a one-shot sync does not.
   */
  deferRateLimited?: boolean;
  /** Bound of one transaction; more is published in several (default DEFAULT_BATCH). */
  batch?: Partial<BatchLimit>;
  /** The podman store and thin images (outputs.ts). */
  outputs?: OutputOptions;
}

interface Pending {
  unit: Unit;
  top: FetchedManifest;
  started: number;
}

/** Manifest checks in flight at once (a recipe of many images on remote registries). */
const PHASE_ONE_CONCURRENCY = 8;

export async function syncImages(requests: SyncRequest[], opts: SyncOptions): Promise<ImageResult[]> {
  const logger = opts.logger ?? nullLogger;
  const client = opts.client ?? new RegistryClient({ credentials: CredentialStore.fromEnvironment(), logger });
  try {
    return await syncWith(requests, { ...opts, logger, client });
  } finally {
    // A client made here is closed here (its keep-alive connections); a caller's is the caller's.
    if (!opts.client) await client.close();
  }
}

async function syncWith(requests: SyncRequest[], opts: SyncOptions & { logger: Logger; client: RegistryClient }): Promise<ImageResult[]> {
  const { publisher, logger, client } = opts;
  const emit = opts.onEvent ?? (() => {});
  const results: ImageResult[] = [];
  const pending: Pending[] = [];

  const done = (result: ImageResult) => {
    if (opts.deferRateLimited && result.status === 'failed' && result.retryAt) result = { ...result, status: 'deferred' };
    results.push(result);
    emit({ type: 'image-done', result });
  };

  // Phase one: what changed? Read-only, no transaction (a no-op run opens none).
  const units = planUnits(requests);
  const inStore = storeCheck(opts.outputs);
  const checked = await mapLimit(units, PHASE_ONE_CONCURRENCY, async (unit): Promise<{ results: ImageResult[]; pending?: undefined } | { pending: Pending; results?: undefined }> => {
    const started = Date.now();
    emit({ type: 'image-start', ref: formatImageRef(unit.names[0]!) });
    try {
      const paths = linkPathsOf(unit);
      const records = await Promise.all(paths.map((p) => readSyncRecord(publisher.root, p, unit.multiarch ? unit.platform : undefined)));
      const flatExists = (configDigest: string) =>
        (opts.outputs?.flat === false || existsSync(join(publisher.root, flatDir(configDigest)))) &&
        (unit.multiarch && !unit.primary ? true : inStore(publisher.root, configDigest));
      const unchangedResults = (recorded: ({ manifestDigest?: string; configDigest?: string } | undefined)[]) => ({
        results: unit.names.map((n, i): ImageResult => ({
          ref: formatImageRef(n),
          status: 'unchanged',
          digest: recorded[i]?.manifestDigest,
          configDigest: recorded[i]?.configDigest,
          platform: formatPlatform(unit.platform),
          path: join(publisher.root, paths[i]!),
          timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
        })),
      });
      // The digest now served: a pinned digest needs no request; a tag is asked with HEAD (not a pull on Docker Hub).
      // Nothing stored yet: no HEAD, the GET is needed anyway.
      const known = records.every((r) => r !== undefined);
      const current = unit.ref.digest ?? (known ? await headDigest(client, unit.ref) : undefined);
      const unchanged = (digest: string) => isUnchanged(unit, digest, records, flatExists);
      if (current === undefined || !unchanged(current)) {
        // New, moved, or the registry sends no digest on HEAD: one GET (a pull) of the top manifest.
        const top = await client.fetchManifest(unit.ref);
        // An image cvmfs_ducc published (no sync.json of ours): unchanged when the registry still serves what DUCC stored.
        if (!unit.multiarch && records.every((r) => r === undefined)) {
          const ducc = paths.map((p) => readDuccImage(publisher.root, p));
          if (paths.every((p, i) => duccUnchanged(p, top, ducc[i], flatExists))) {
            return unchangedResults(ducc.map((d) => ({ configDigest: d?.configDigest })));
          }
        }
        if (!unchanged(top.digest)) return { pending: { unit, top, started } };
      }
      return unchangedResults(records);
    } catch (err) {
      return { results: [failure(unit, started, err)] };
    }
  });
  for (const c of checked) {
    if (c.pending) pending.push(c.pending);
    else for (const r of c.results) done(r);
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
  return afterPublish(results, publisher, opts.outputs, logger, opts.signal);
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

/**
 * Converts pending units from `start` until the batch is full; returns the
 * next index. Ordinarily one transaction. Where the publisher clones cheaply
 * (CVMFS), the batch's missing layers are published first, then each new
 * flat tree starts as a server-side clone of its bottom layer in a
 * transaction of its own: a layer's content is published once, not twice.
 */
async function publishBatch(pending: Pending[], start: number, limit: BatchLimit, ctx: BatchContext): Promise<number> {
  // Loaded only when something changed: a no-op run never compiles the unpacking code.
  const image = await import('./image.ts');
  const { publisher, client, logger, emit } = ctx;
  // Clone mode publishes layers and flat trees apart: not when one of them is skipped.
  const cloning = publisher.canClone && ctx.outputs?.flat !== false && ctx.outputs?.layers !== false;
  const convertCtx = (txn: Transaction, p: Pending): ConvertContext => ({
    client, txn, root: txn.root, logger, emit, signal: ctx.signal, limits: ctx.limits, started: p.started, outputs: ctx.outputs,
    storesWhiteouts: publisher.storeWhiteouts !== undefined,
  });
  const deferred: { p: Pending; prepared: Prepared; steps: TreeStep[] | undefined }[] = [];
  let next = start;

  // Where the publisher clones: each unit resolved first, outside any transaction. An update
  // one clone away from a published chain gets one transaction of its own (`quick`); the rest
  // share the batch's transaction (their layers) and then one per tree (buildTrees).
  const quick: { p: Pending; prepared: Prepared; step: TreeStep }[] = [];
  const preparedAt = new Map<number, Prepared>();
  let end = start;
  if (cloning) {
    for (; end < pending.length && end - start < limit.images; end++) {
      const p = pending[end]!;
      if (ctx.signal?.aborted) break;
      try {
        const prepared = await image.prepareUnit(p.unit, p.top, { client, logger, root: publisher.root });
        const step = existsSync(prepared.flat) ? undefined : image.quickStep(prepared, publisher.root);
        if (step) quick.push({ p, prepared, step });
        else preparedAt.set(end, prepared);
      } catch (err) {
        ctx.done(failure(p.unit, p.started, err));
      }
    }
  }
  const shared = cloning ? [...preparedAt.keys()] : undefined;

  let ran = false;
  if (shared === undefined || shared.length > 0) {
    await inTransaction(ctx, {}, async (txn, out) => {
      ran = true;
      let bytes = 0;
      const more = () => (shared ? shared.length > 0 : next < pending.length && next - start < limit.images && bytes < limit.bytes);
      for (; more(); next++) {
        if (shared) next = shared.shift()!;
        const p = pending[next]!;
        if (ctx.signal?.aborted) {
          out.push(failure(p.unit, p.started, new Error('interrupted before it started', { cause: ctx.signal.reason })));
          continue;
        }
        try {
          const cctx = convertCtx(txn, p);
          const prepared = preparedAt.get(next);
          if (prepared && existsSync(prepared.flat)) {
            out.push(...image.finishUnit(prepared, cctx));
          } else if (prepared) {
            const steps = await image.fetchLayersOnly(prepared, cctx);
            image.ensureShards(txn.root);
            deferred.push({ p, prepared, steps });
          } else {
            const rs = await image.convertUnit(p.unit, p.top, cctx);
            bytes += rs[0]?.timings.bytesDownloaded ?? 0;
            out.push(...rs);
          }
        } catch (err) {
          out.push(failure(p.unit, p.started, err));
        }
      }
      return deferred.length > 0;
    }).catch((err: unknown) => {
      if (!ran) {
        // The transaction could not be opened: every image of the batch fails with the cause.
        const last = cloning ? end : Math.min(pending.length, start + limit.images);
        for (const [i, p] of pending.slice(start, last).entries()) if (!cloning || preparedAt.has(start + i)) ctx.done(failure(p.unit, p.started, err));
        next = last;
      }
      for (const d of deferred.splice(0)) ctx.done(failure(d.p.unit, d.p.started, err));
    });
  }
  if (cloning) next = end;

  await storeWhiteouts(deferred, ctx);
  for (const { p, prepared, steps } of deferred) {
    if (ctx.signal?.aborted) {
      ctx.done(failure(p.unit, p.started, new Error('interrupted before its flat tree was built', { cause: ctx.signal.reason })));
      continue;
    }
    await buildTrees(p, prepared, existsSync(prepared.flat) ? [] : steps, ctx, image, convertCtx);
  }
  for (const { p, prepared, step } of quick) {
    if (ctx.signal?.aborted) {
      ctx.done(failure(p.unit, p.started, new Error('interrupted before it started', { cause: ctx.signal.reason })));
      continue;
    }
    let reported = false;
    await inTransaction(ctx, { clone: { src: step.src!, dst: step.dst } }, async (txn, out) => {
      reported = true;
      try {
        const cctx = convertCtx(txn, p);
        await image.applyQuick(prepared, step, cctx);
        out.push(...image.finishUnit(prepared, cctx));
      } catch (err) {
        out.push(failure(p.unit, p.started, err));
      }
      return false;
    }).catch((err: unknown) => {
      if (!reported) ctx.done(failure(p.unit, p.started, err));
    });
    const store = publisher.storeWhiteouts?.bind(publisher);
    // The image is published; its new layers' whiteouts follow (a later sync retries them: the stamp).
    if (store && prepared.whiteouts.length > 0) await store(prepared.whiteouts, ctx.logger).catch((err: unknown) => ctx.logger.error('storing layer whiteouts failed', { image: prepared.name, error: describeError(err) }));
  }
  return next;
}

/**
 * The trees of one image's plan, each in a transaction of its own opened with
 * its clone (one `-T` per transaction), the flat tree last with the
 * metadata and links; without a plan (or with its flat tree there meanwhile)
 * one transaction builds what is missing the ordinary way. Reports the image.
 */
async function buildTrees(
  p: Pending,
  prepared: Prepared,
  steps: TreeStep[] | undefined,
  ctx: BatchContext,
  image: typeof import('./image.ts'),
  convertCtx: (txn: Transaction, p: Pending) => ConvertContext,
): Promise<void> {
  const { publisher } = ctx;
  const last = steps?.length ? steps.length - 1 : 0;
  for (let i = 0; i <= last; i++) {
    const step = steps?.[i];
    let reported = false;
    let ok = true;
    await inTransaction(ctx, step?.src ? { clone: { src: step.src, dst: step.dst } } : {}, async (txn, out) => {
      reported = i === last;
      try {
        const cctx = convertCtx(txn, p);
        if (step) await image.buildTreeStep(prepared, step, cctx);
        if (i === last) out.push(...(await image.completeUnit(prepared, cctx)));
        return true;
      } catch (err) {
        ok = false;
        reported = true;
        out.push(failure(p.unit, p.started, err));
        return false;
      }
    }).catch((err: unknown) => {
      ok = false;
      if (!reported) ctx.done(failure(p.unit, p.started, err));
      reported = true;
    });
    if (!ok) return;
    if (step && !step.flat) ctx.logger.debug('chain published', { image: prepared.name, chain: step.dst, from: step.src ?? 'nothing', layers: step.layers.length, target: publisher.describe() });
  }
}

/**
 * The whiteouts of the layers just published, where the target's commit
 * dropped them (cvmfs): one ingest for the batch. If that fails, the images
 * with such layers fail (their flat trees are not built), and a later sync
 * stores them (the stamp file is missing).
 */
async function storeWhiteouts(deferred: { p: Pending; prepared: Prepared }[], ctx: BatchContext): Promise<void> {
  const store = ctx.publisher.storeWhiteouts?.bind(ctx.publisher);
  const byDir = new Map(deferred.flatMap((d) => d.prepared.whiteouts).map((w) => [w.layerfs, w]));
  if (!store || byDir.size === 0) return;
  try {
    await store([...byDir.values()], ctx.logger);
  } catch (err) {
    for (let i = deferred.length - 1; i >= 0; i--) {
      const d = deferred[i]!;
      if (d.prepared.whiteouts.length === 0) continue;
      deferred.splice(i, 1);
      ctx.done(failure(d.p.unit, d.p.started, err));
    }
  }
}

/**
 * Runs `work` in one transaction and reports its results: committed when an
 * image was converted (or `work` says it wrote something worth keeping),
 * aborted otherwise; when the commit fails, every image of it fails with the
 * cause (which is also thrown).
 */
async function inTransaction(
  ctx: BatchContext,
  begin: Omit<BeginOptions, 'logger'>,
  work: (txn: Transaction, out: ImageResult[]) => Promise<boolean>,
): Promise<void> {
  const { publisher, logger, emit } = ctx;
  let out: ImageResult[] = [];
  let txn: Transaction | undefined;
  try {
    txn = await publisher.begin({ ...begin, logger });
    const keep = await work(txn, out);
    out = await beforeCommit(txn.root, out, ctx.outputs, logger);
    if (keep || out.some((r) => r.status !== 'failed')) {
      const t0 = Date.now();
      emit({ type: 'publish-start', target: publisher.describe() });
      await txn.commit();
      emit({ type: 'publish-done', target: publisher.describe(), ms: Date.now() - t0 });
    } else {
      await txn.abort(new Error('no image converted'));
    }
  } catch (err) {
    if (txn) await txn.abort(err).catch((abortErr: unknown) => logger.error('aborting the transaction failed', { error: String(abortErr) }));
    out = out.map((r) =>
      r.status === 'failed' ? r : { ...r, status: 'failed', error: `publishing ${publisher.describe()}: ${describeError(err)}`, path: undefined },
    );
    throw err;
  } finally {
    for (const r of out) ctx.done(r);
  }
}

function failure(unit: Unit, started: number, err: unknown): ImageResult {
  const limited = rateLimitCause(err);
  return {
    ...(limited ? { retryAt: new Date(limited.retryAt).toISOString() } : {}),
    ref: formatImageRef(unit.names[0]!),
    status: 'failed',
    platform: formatPlatform(unit.platform),
    // The reason only: whoever reports it names the image (ref) beside it.
    error: describeError(err),
    timings: { totalMs: Date.now() - started, bytesDownloaded: 0, layersFetched: 0, layersReused: 0 },
  };
}

/**
 * The top-level digest the registry serves for `ref` now, from a HEAD; undefined
 * when it sends no Docker-Content-Digest, or refuses HEAD (then the caller GETs).
 */
async function headDigest(client: RegistryClient, ref: ImageRef): Promise<string | undefined> {
  try {
    return (await client.headManifest(ref)).digest;
  } catch (err) {
    // Not found, unauthorized, rate limited or down: the GET would say the same; anything else may be HEAD itself.
    if (!(err instanceof RegistryError) || err.temporary || err.notFound || err.status === 401 || err.status === 403) throw err;
    return undefined;
  }
}

/** `fn` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
