/**
 * The one worker: takes every queued job (up to batchSize) into one
 * `runSync` call — one publisher transaction for the batch — and records
 * each job's images. One batch at a time: a target is one repository, and
 * CVMFS allows one open transaction per repository.
 */
import { randomUUID } from 'node:crypto';
import { formatImageRef, parseImageRef, withTag } from '../reference/index.ts';
import { formatPlatform, parsePlatform } from '../registry/index.ts';
import type { ImageResult, SyncEvent, SyncRequest } from '../convert/types.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import type { Metrics } from './metrics.ts';
import type { ProgressTracker } from './progress.ts';
import type { ImageEvent, Job, JobImage, JobRequest, JobStore } from './queue.ts';

export interface RunSyncOptions {
  logger: Logger;
  onEvent: (event: SyncEvent) => void;
  signal: AbortSignal;
}

/** The engine, injected: `syncImages` with its publisher bound (see serve.ts). */
export type RunSync = (requests: SyncRequest[], opts: RunSyncOptions) => Promise<ImageResult[]>;

/** Removal, injected: takes the links and metadata of matching names in one transaction (src/gc/remove.ts). */
export type RunRemove = (images: string[], opts: { logger: Logger; signal: AbortSignal }) => Promise<{ removed: { name: string; configDigest?: string }[]; root: string }>;

/** The engine request for a stored job request. Throws InvalidReferenceError / a platform error. */
export function toSyncRequest(req: JobRequest): SyncRequest {
  const sync: SyncRequest = { ref: parseImageRef(req.image) };
  if (req.extraTags.length) sync.extraTags = req.extraTags;
  if (req.platform) sync.platforms = req.platform.split(',').map(parsePlatform);
  return sync;
}

/** The names a job publishes: its image and the image under each extra tag. */
export function jobNames(req: JobRequest): string[] {
  const ref = parseImageRef(req.image);
  return [formatImageRef(ref), ...req.extraTags.filter((t) => t !== ref.tag).map((t) => formatImageRef(withTag(ref, t)))];
}

/** What a run did to a job: finished, or carried by a registry's rate limit until `retryAt`. */
export type JobRunOutcome =
  | { status: 'succeeded' | 'failed'; images: JobImage[]; error?: string }
  | { status: 'deferred'; images: JobImage[]; retryAt: number; waiting: string };

/**
 * Which of a batch's results belong to a job, and the job's outcome. An
 * image held back by its registry's rate limit makes the job 'deferred'
 * (unless another failed). `earlier` are the images of a run the limit
 * carried: what it published stays in the result (the retry finds it
 * unchanged).
 */
export function jobOutcome(req: JobRequest, results: ImageResult[], earlier: JobImage[] = []): JobRunOutcome {
  const names = new Set(jobNames(req));
  const platforms = req.platform ? new Set(req.platform.split(',').map((p) => formatPlatform(parsePlatform(p)))) : undefined;
  const mine = results.filter((r) => names.has(r.ref) && (platforms === undefined || r.platform === undefined || platforms.has(r.platform)));
  const images: JobImage[] = mine.map((r) => {
    const before = r.status === 'unchanged' ? earlier.find((e) => e.ref === r.ref && e.digest === r.digest && (e.status === 'published' || e.status === 'updated')) : undefined;
    if (before) return before;
    const img: JobImage = { ref: r.ref, status: r.status };
    if (r.digest) img.digest = r.digest;
    if (r.path) img.path = r.path;
    if (r.error) img.error = r.error;
    return img;
  });
  if (images.length === 0) return { status: 'failed', images, error: `no result for ${req.image}` };
  const failed = images.filter((i) => i.status === 'failed');
  if (failed.length > 0) {
    const held = images.filter((i) => i.status === 'failed' || i.status === 'deferred');
    return { status: 'failed', images, error: held.map((f) => `${f.ref}: ${f.error ?? f.status}`).join('; ') };
  }
  const carried = mine.filter((r) => r.status === 'deferred');
  if (carried.length > 0) {
    const retryAt = Math.max(...carried.map((r) => (r.retryAt ? Date.parse(r.retryAt) : Date.now())));
    const registry = parseImageRef(req.image).registry;
    return { status: 'deferred', images, retryAt, waiting: `waiting for registry ${registry}'s rate limit until ${new Date(retryAt).toISOString()}` };
  }
  return { status: 'succeeded', images };
}

/** A job carried this many times, or past this age, by a registry's rate limit is failed. */
export const MAX_DEFERRALS = 48;
export const MAX_DEFER_MS = 24 * 3_600_000;

export interface WorkerOptions {
  store: JobStore;
  runSync: RunSync;
  batchSize: number;
  logger: Logger;
  metrics: Metrics;
  /** Called after each job reaches succeeded or failed. */
  onFinished: (job: Job) => void;
  /** Removal jobs; without it they fail ("removal is not enabled"). */
  runRemove?: RunRemove;
  progress?: ProgressTracker;
}

/** What a finished job did to each name, for the images history. */
export function imageEvents(job: Job): ImageEvent[] {
  const at = job.finishedAt ?? Date.now();
  return job.images
    .filter((i) => i.status !== 'failed' && i.status !== 'absent')
    .map((i) => {
      const e: ImageEvent = { name: i.ref.replace(/^https?:\/\//, ''), status: i.status, jobId: job.id, source: job.source, identity: job.identity, at };
      if (i.digest) e.digest = i.digest;
      if (i.path) e.path = i.path;
      return e;
    });
}

export class Worker {
  private readonly opts: WorkerOptions;
  private wakeUp?: () => void;
  private stopping = false;
  private loop?: Promise<void>;
  private readonly abortRun = new AbortController();
  /** Ids of the batch in progress. */
  running: string[] = [];

  constructor(opts: WorkerOptions) {
    this.opts = opts;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** A job was queued: look again. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Stops taking batches and waits for the current one. With `abort`, the
   * running batch is interrupted and its jobs go back to the queue.
   */
  async stop(opts: { abort?: boolean } = {}): Promise<void> {
    this.stopping = true;
    if (opts.abort) this.abortRun.abort(new Error('the agent is stopping'));
    this.wake();
    await this.loop;
  }

  /** Interrupts a stop in progress: the running batch is aborted (a second SIGTERM). */
  abort(): void {
    this.abortRun.abort(new Error('the agent is stopping'));
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const batch = this.opts.store.claimBatch(this.opts.batchSize);
      if (batch.length === 0) {
        // Sleep until a job is queued, or a job carried by a rate limit is due.
        const due = this.opts.store.nextDue();
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          if (due !== undefined) timer = setTimeout(resolve, Math.max(0, due - Date.now()) + 5);
        });
        clearTimeout(timer);
        this.wakeUp = undefined;
        continue;
      }
      await this.runBatch(batch);
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const { store, logger: base, metrics } = this.opts;
    const batchId = randomUUID().slice(0, 8);
    const logger = base.child({ batch: batchId });
    const started = Date.now();
    this.running = batch.map((j) => j.id);
    for (const job of batch) logger.info('job started', { job: job.id, image: job.request.image, attempt: job.attempts, identity: job.identity });

    if (batch[0]?.request.remove) {
      await this.runRemovals(batch, logger);
      return;
    }
    this.opts.progress?.begin(batch.map((j) => ({ id: j.id, names: safeNames(j.request) })));
    const requests: SyncRequest[] = [];
    const runnable: Job[] = [];
    for (const job of batch) {
      try {
        requests.push(toSyncRequest(job.request));
        runnable.push(job);
      } catch (err) {
        this.finish(job, { status: 'failed', images: [], error: describeError(err) }, logger);
      }
    }

    let results: ImageResult[] | undefined;
    let batchError: unknown;
    try {
      results = await this.opts.runSync(requests, {
        logger,
        signal: this.abortRun.signal,
        onEvent: (event) => {
          metrics.observeEvent(event);
          this.opts.progress?.observe(event);
          if (event.type === 'image-done') {
            const r = event.result;
            logger.info(`image ${r.status}`, { image: r.ref, digest: r.digest, path: r.path, error: r.error, ms: r.timings.totalMs });
          }
        },
      });
    } catch (err) {
      batchError = err;
    }
    metrics.batchSeconds.observe((Date.now() - started) / 1000);
    this.running = [];
    this.opts.progress?.clear();

    if (this.abortRun.signal.aborted) {
      // Interrupted on purpose: nothing is lost, the jobs run again after the restart.
      store.requeue(runnable.map((j) => j.id));
      logger.warn('batch interrupted; its jobs stay queued', { jobs: runnable.map((j) => j.id) });
      return;
    }
    for (const job of runnable) {
      const outcome: JobRunOutcome = results ? jobOutcome(job.request, results, job.images) : { status: 'failed', images: [], error: describeError(batchError) };
      if (outcome.status === 'deferred') this.carry(job, outcome, logger);
      else this.finish(job, outcome, logger);
    }
  }

  /** Removal jobs, one transaction each (each reports its own names). */
  private async runRemovals(batch: Job[], logger: Logger): Promise<void> {
    this.opts.progress?.begin(batch.map((j) => ({ id: j.id, names: [], phase: 'removing' })));
    for (const job of batch) {
      if (this.abortRun.signal.aborted) break;
      const images = job.request.remove ?? [];
      let outcome: { status: 'succeeded' | 'failed'; images: JobImage[]; error?: string };
      try {
        if (!this.opts.runRemove) throw new Error('removal is not enabled on this agent');
        const { removed, root } = await this.opts.runRemove(images, { logger, signal: this.abortRun.signal });
        const listed: JobImage[] = removed.map((r) => ({ ref: r.name, status: 'removed', path: `${root}/${r.name}`, ...(r.configDigest ? { digest: r.configDigest } : {}) }));
        // Nothing matched: not an error (a branch whose image was never published), but said so.
        if (listed.length === 0) for (const i of images) listed.push({ ref: i, status: 'absent' });
        outcome = { status: 'succeeded', images: listed };
        logger.info('images removed', { job: job.id, removed: removed.map((r) => r.name) });
      } catch (err) {
        outcome = { status: 'failed', images: [], error: describeError(err) };
      }
      this.finish(job, outcome, logger);
    }
    this.running = [];
    this.opts.progress?.clear();
    const left = batch.filter((j) => this.opts.store.get(j.id)?.status === 'running').map((j) => j.id);
    if (left.length) this.opts.store.requeue(left);
  }

  /** Back to the queue until the registry's limit allows (bounded: then failed). */
  private carry(job: Job, outcome: Extract<JobRunOutcome, { status: 'deferred' }>, logger: Logger): void {
    const deferrals = job.deferrals + 1;
    if (deferrals > MAX_DEFERRALS || outcome.retryAt - job.createdAt > MAX_DEFER_MS) {
      const bound = deferrals > MAX_DEFERRALS ? `after ${MAX_DEFERRALS} deferrals` : `past ${MAX_DEFER_MS / 3_600_000} h after it was queued`;
      const error = `a registry rate limit would hold this job back ${bound}; giving up (${outcome.waiting})`;
      this.finish(job, { status: 'failed', images: outcome.images, error }, logger);
      return;
    }
    this.opts.store.defer(job.id, { notBefore: outcome.retryAt, waiting: outcome.waiting, images: outcome.images });
    logger.warn('job carried by a registry rate limit', { job: job.id, image: job.request.image, retryAt: new Date(outcome.retryAt).toISOString(), deferrals });
  }

  private finish(job: Job, outcome: { status: 'succeeded' | 'failed'; images: JobImage[]; error?: string }, logger: Logger): void {
    const done = this.opts.store.finish(job.id, outcome);
    this.opts.store.recordImageEvents(imageEvents(done));
    this.opts.metrics.jobs.inc({ outcome: done.status });
    const fields = { job: job.id, image: job.request.image, status: done.status, error: done.error, ms: (done.finishedAt ?? 0) - (done.startedAt ?? 0) };
    if (done.status === 'succeeded') logger.info('job succeeded', fields);
    else logger.warn('job failed', fields);
    this.opts.onFinished(done);
  }
}

/** jobNames, or [] for a request that does not parse (it fails on its own). */
function safeNames(req: JobRequest): string[] {
  try {
    return jobNames(req);
  } catch {
    return [];
  }
}
