/**
 * The agent: HTTP API + durable queue + one worker + (optionally) the
 * recipe schedule, around an injected engine (`runSync`). serve.ts wires
 * the real engine and publisher; tests inject their own.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatImageRef } from '../reference/index.ts';
import { formatPlatform } from '../registry/index.ts';
import type { SyncRequest } from '../convert/types.ts';
import { nullLogger, type Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import { buildRouter } from './api.ts';
import { Authenticator } from './auth.ts';
import { ConfigError, readSecret, type AgentConfig } from './config.ts';
import { ShuttingDownError, toHttpError } from './errors.ts';
import { sendJson } from './http.ts';
import { Metrics } from './metrics.ts';
import type { RegistryRateState } from '../registry/index.ts';
import { JobStore, type Job } from './queue.ts';
import { RateLimiter } from './rate-limit.ts';
import { Worker, type RunRemove, type RunSync } from './worker.ts';
import { ImageIndex } from './images.ts';
import { ProgressTracker } from './progress.ts';

export interface AgentOptions {
  config: AgentConfig;
  /** The engine: runs one batch of requests in one transaction. */
  runSync: RunSync;
  logger?: Logger;
  /** Aborts a transaction left open by a crash (the publisher's recover()); run before jobs resume. */
  recover?: () => Promise<void>;
  /** The recipe's images, expanded; when given, they are queued at start and every `config.interval`. */
  loadRecipe?: () => Promise<SyncRequest[]>;
  /** The shared registry client's per-registry requests and rate limits, for /metrics. */
  registryStates?: () => RegistryRateState[];
  /** For OIDC discovery and JWKS (tests). */
  fetch?: typeof fetch;
  /** Removal of names (POST /api/v1/remove); without it removal jobs fail. */
  runRemove?: RunRemove;
  /** The target's root (the publisher's): the images API lists what is published there. */
  targetRoot?: string;
}

export interface Agent {
  /** Opens the queue, resumes interrupted jobs, starts the worker, listens. Returns 'host:port'. */
  start(): Promise<string>;
  /** Stops accepting, lets the running batch finish (or interrupts it with `abort`), closes. */
  stop(opts?: { abort?: boolean }): Promise<void>;
  /** During a stop: interrupt the running batch now (its jobs stay queued). */
  abort(): void;
}

/** 'host:port', '[v6]:port' or ':port' (all interfaces). */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`listen: "${listen}" is not host:port (e.g. 127.0.0.1:8000)`);
  return { host: m[1] ?? (m[2] || '::'), port };
}

export function createAgent(opts: AgentOptions): Agent {
  const { config } = opts;
  const logger = opts.logger ?? nullLogger;
  const metrics = new Metrics();
  if (opts.registryStates) metrics.registries(opts.registryStates);
  const waiters = new Map<string, Set<() => void>>();
  const inflight = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let store: JobStore | undefined;
  let worker: Worker | undefined;
  let server: Server | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;

  const release = (id: string) => {
    for (const resolve of waiters.get(id) ?? []) resolve();
    waiters.delete(id);
  };
  const waitFor = (id: string, ms: number) =>
    new Promise<void>((resolve) => {
      const set = waiters.get(id) ?? new Set();
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      waiters.set(id, set);
    });

  async function start(): Promise<string> {
    try {
      return await open();
    } catch (err) {
      // Leave nothing half-started: the worker stopped, the store unlocked.
      stopping = true;
      await worker?.stop();
      server?.close();
      store?.close();
      throw err;
    }
  }

  async function open(): Promise<string> {
    const warn = (msg: string) => logger.warn(msg);
    const secret = await readSecret('secret token', config.auth.secretToken, config.auth.secretTokenFile, warn);
    const hooks = config.webhooks;
    const webhookSecrets = {
      distribution: hooks.distribution && (await readSecret('distribution webhook secret', hooks.distribution.secretToken, hooks.distribution.secretTokenFile, warn)),
      harbor: hooks.harbor && (await readSecret('harbor webhook secret', hooks.harbor.secretToken, hooks.harbor.secretTokenFile, warn)),
    };
    for (const [kind, value] of Object.entries(webhookSecrets)) {
      if (hooks[kind as keyof typeof hooks] && value === undefined) throw new ConfigError(`webhooks.${kind}: set secretTokenFile (each webhook needs its own secret)`);
    }
    if (secret === undefined && config.auth.oidc.length === 0) logger.warn('no secret token and no OIDC issuer configured: only webhooks can queue jobs');
    const auth = new Authenticator({ secret, issuers: config.auth.oidc, clockSkewMs: config.auth.clockSkew, fetch: opts.fetch });
    const { host, port } = parseListen(config.listen);

    store = JobStore.open(config.state);
    const s = store;
    const pruned = s.prune(config.queue.history);
    const { requeued, failed } = s.recoverInterrupted(config.queue.maxAttempts);
    for (const job of requeued) logger.warn('resuming a job interrupted by a stop or crash', { job: job.id, image: job.request.image, attempts: job.attempts });
    for (const job of failed) logger.error('job failed: interrupted too often', { job: job.id, image: job.request.image, error: job.error });
    if (opts.recover) await opts.recover();
    logger.info('job store opened', { state: config.state, queued: s.countByStatus('queued'), resumed: requeued.length, pruned });

    const progress = new ProgressTracker();
    const images = new ImageIndex(opts.targetRoot, s);
    metrics.gauge('cvmfs_unpack_queue_depth', 'Jobs waiting in the queue.', () => (store ? s.countByStatus('queued') : 0));
    metrics.gauge('cvmfs_unpack_queue_carried', "Queued jobs waiting for a registry's rate limit (until their retryAt).", () => (store ? s.countCarried() : 0));
    metrics.gauge('cvmfs_unpack_jobs_running', 'Jobs in the batch being run.', () => worker?.running.length ?? 0);
    worker = new Worker({
      store: s,
      runSync: opts.runSync,
      batchSize: config.queue.batchSize,
      logger,
      metrics,
      onFinished: (job: Job) => {
        images.refresh(job.images.map((i) => i.ref.replace(/^https?:\/\//, '')));
        release(job.id);
      },
      progress,
      ...(opts.runRemove ? { runRemove: opts.runRemove } : {}),
    });
    worker.start();

    const router = buildRouter({
      config,
      store: s,
      auth,
      rateLimiter: new RateLimiter(config.rateLimit),
      metrics,
      logger,
      webhookSecrets,
      queued: () => worker?.wake(),
      waitFor,
      isStopping: () => stopping,
      images,
      progress,
    });

    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const requestId = randomUUID().slice(0, 8);
      const t0 = Date.now();
      const url = new URL(req.url ?? '/', 'http://agent.invalid');
      res.setHeader('X-Request-Id', requestId);
      try {
        if (stopping && req.method !== 'GET') throw new ShuttingDownError();
        const { handler, params } = router.resolve(req.method ?? 'GET', url.pathname);
        await handler({ req, res, url, params, requestId });
      } catch (err) {
        const form = toHttpError(err);
        if (form.body.code === 'internal') logger.error('request failed', { request: requestId, path: url.pathname, error: describeError(err) });
        else if (form.status >= 400) logger.info('request refused', { request: requestId, path: url.pathname, status: form.status, reason: describeError(err) });
        // An oversized body is not read to its end: close the connection after answering.
        const extra: Record<string, string> = form.status === 413 ? { Connection: 'close' } : {};
        if (!res.headersSent) sendJson(res, form.status, form.body, { ...form.headers, ...extra });
        else res.destroy();
      } finally {
        const quiet = url.pathname === '/healthz' || url.pathname === '/metrics';
        (quiet ? logger.debug : logger.info)('http request', { request: requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Date.now() - t0 });
      }
    };

    server = createServer({ requestTimeout: 120_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, (req, res) => {
      const p = handle(req, res);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    });
    const srv = server;
    await new Promise<void>((resolve, reject) => {
      srv.once('error', (err) => reject(new ConfigError(`listening on ${config.listen}: ${err.message}`, { cause: err })));
      srv.listen(port, host, () => resolve());
    });
    const addr = srv.address() as AddressInfo;
    const address = addr.family === 'IPv6' ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`;
    logger.info('listening', { address, target: config.target });
    // The first walk of the published names, before the first visitor asks.
    setImmediate(() => {
      try {
        images.list();
      } catch (err) {
        logger.warn('listing the published images failed', { error: describeError(err) });
      }
    });

    const pruneTimer = setInterval(() => store?.prune(config.queue.history), 3_600_000);
    pruneTimer.unref();
    timers.push(pruneTimer);
    if (opts.loadRecipe) scheduleRecipe(opts.loadRecipe, s);
    return address;
  }

  /** Queues the recipe's images now and every interval; runs never overlap. */
  function scheduleRecipe(load: () => Promise<SyncRequest[]>, s: JobStore): void {
    let busy = false;
    const tick = async () => {
      if (busy || stopping) return;
      busy = true;
      try {
        const requests = await load();
        if (stopping) return;
        let queued = 0;
        for (const r of requests) {
          const request = {
            image: formatImageRef(r.ref),
            extraTags: r.extraTags ?? [],
            ...(r.platforms?.length ? { platform: r.platforms.map(formatPlatform).join(',') } : {}),
          };
          if (!s.enqueue(request, { source: 'recipe', identity: 'recipe' }).merged) queued++;
        }
        logger.info('recipe queued', { images: requests.length, queued });
        if (queued) worker?.wake();
      } catch (err) {
        logger.error('loading the recipe failed', { error: describeError(err) });
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), config.interval);
    timer.unref();
    timers.push(timer);
  }

  async function stop(stopOpts: { abort?: boolean } = {}): Promise<void> {
    if (stopOpts.abort) worker?.abort();
    stopped ??= (async () => {
      stopping = true;
      logger.info('stopping: no new jobs accepted; finishing the running batch', { running: worker?.running.length ?? 0 });
      for (const t of timers) clearInterval(t);
      server?.close();
      server?.closeIdleConnections();
      for (const id of [...waiters.keys()]) release(id);
      await worker?.stop({ abort: stopOpts.abort });
      await Promise.allSettled([...inflight]);
      server?.closeAllConnections();
      store?.close();
      logger.info('stopped');
    })();
    return stopped;
  }

  return { start, stop, abort: () => worker?.abort() };
}
