/**
 * The HTTP API of DESIGN.md section 4: the routes and what each does.
 * Handlers throw; the server maps errors to responses in one place
 * (errors.ts `toHttpError`).
 *
 *   POST /api/v1/sync                     JSON {image, extraTags?, platform?}        → 202 job
 *   GET  /api/v1/jobs/:id[?wait=SECONDS]  job status (long-poll until finished)
 *   POST /api/sync/secret?image=IMG       seed-compatible (raw secret in Authorization)
 *   POST /api/sync/jwt?image=IMG          seed-compatible (raw OIDC JWT in Authorization)
 *   POST /api/v1/webhooks/distribution    Distribution notification envelope
 *   POST /api/v1/webhooks/harbor          Harbor PUSH_ARTIFACT
 *   GET  /api/v1/images[?prefix=&limit=&after=]   what is published (images.ts)
 *   GET  /api/v1/images/:name              one image and its history
 *   GET  /api/v1/jobs[?state=&limit=&before=]    recent and running jobs
 *   POST /api/v1/remove                    JSON {images: [names or tag patterns of one repository]} → 202 job
 *   GET  /, /jobs/:id, /assets/status.js   the status page (page.ts)
 *   GET  /healthz, GET /metrics
 */
import { z } from 'zod';
import { formatImageRef, parseImageRef, withTag, type ImageRef } from '../reference/index.ts';
import { formatPlatform, parsePlatform } from '../registry/index.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import type { Accept, Authenticator } from './auth.ts';
import { bearerToken, secretMatches } from './auth.ts';
import type { AgentConfig } from './config.ts';
import { ApiError, BadRequestError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, toHttpError } from './errors.ts';
import { readJson, Router, sendJson, sendText, type RouteContext } from './http.ts';
import type { Metrics } from './metrics.ts';
import { describeIdentity, isAllowed, mayRemove, policyName, type Identity } from './policy.ts';
import type { Job, JobRequest, JobStatus, JobStore } from './queue.ts';
import type { ImageIndex, ImageView } from './images.ts';
import type { ProgressTracker } from './progress.ts';
import { parseRemoval } from '../gc/remove.ts';
import { renderJobPage, renderStatusPage, STATUS_SCRIPT, STATUS_STYLE } from './page.ts';
import type { RateLimiter } from './rate-limit.ts';
import { distributionImages, harborImages, type WebhookImages } from './webhooks.ts';

export interface ApiDeps {
  config: AgentConfig;
  store: JobStore;
  auth: Authenticator;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  logger: Logger;
  webhookSecrets: { distribution?: string; harbor?: string };
  /** A job was queued (wake the worker). */
  queued: () => void;
  /** Resolves when the job finishes, or after `ms`, or at shutdown. */
  waitFor: (id: string, ms: number) => Promise<void>;
  isStopping: () => boolean;
  images: ImageIndex;
  progress: ProgressTracker;
}

const tagList = z
  .union([z.string(), z.array(z.string())])
  .transform((t) => (Array.isArray(t) ? t : t.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string()).max(64, 'at most 64 extra tags'));

const syncBody = z
  .object({
    image: z.string().min(1, 'is required').max(1024),
    extraTags: tagList.optional(),
    platform: z.string().max(64).optional(),
  })
  .strict();

const removeBody = z
  .object({ images: z.array(z.string().min(1).max(1024)).min(1, 'name at least one image').max(256, 'at most 256 images') })
  .strict();

const STATES = new Set<JobStatus>(['queued', 'running', 'succeeded', 'failed']);

/** '?state=running,queued' → the statuses, or a 400 naming the bad one. */
export function parseStates(text: string | null): JobStatus[] | undefined {
  if (!text) return undefined;
  const states = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of states) if (!STATES.has(s as JobStatus)) throw new BadRequestError(`state "${s}" is not one of queued, running, succeeded, failed`, 'invalid_state');
  return states as JobStatus[];
}

/** '?limit=' between 1 and `max` (default `def`). */
export function parseLimit(text: string | null, def: number, max: number): number {
  if (text === null || text === '') return def;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new BadRequestError('limit must be a positive integer', 'invalid_limit');
  return Math.min(n, max);
}

/** The job as the API shows it (DESIGN section 4). */
export function jobView(job: Job, progress?: ProgressTracker): Record<string, unknown> {
  const timings: Record<string, unknown> = { queuedAt: new Date(job.createdAt).toISOString() };
  if (job.startedAt !== undefined) {
    timings.startedAt = new Date(job.startedAt).toISOString();
    timings.waitMs = job.startedAt - job.createdAt;
  }
  if (job.finishedAt !== undefined) {
    timings.finishedAt = new Date(job.finishedAt).toISOString();
    if (job.startedAt !== undefined) timings.runMs = job.finishedAt - job.startedAt;
    timings.totalMs = job.finishedAt - job.createdAt;
  }
  const view: Record<string, unknown> = {
    id: job.id,
    status: job.status,
    image: job.request.image,
    extraTags: job.request.extraTags,
    images: job.images,
    timings,
    attempts: job.attempts,
    merged: job.merged,
  };
  if (job.request.platform) view.platform = job.request.platform;
  if (job.request.remove) {
    view.kind = 'remove';
    view.remove = job.request.remove;
  }
  view.source = job.source;
  const p = job.status === 'running' ? progress?.get(job.id) : undefined;
  if (p) view.progress = p;
  if (job.error !== undefined) view.error = job.error;
  if (job.status === 'queued' && job.notBefore !== undefined) {
    view.waiting = job.waiting;
    view.retryAt = new Date(job.notBefore).toISOString();
  }
  if (job.deferrals > 0) view.deferrals = job.deferrals;
  return view;
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Images whose name starts with `prefix`, sorted by name, `limit` after the name `after`. */
export function pageImages(all: ImageView[], prefix: string, limit: number, after: string): { items: ImageView[]; next?: string } {
  const matching = all.filter((i) => i.name.startsWith(prefix) && i.name > after);
  const items = matching.slice(0, limit);
  return matching.length > limit ? { items, next: items[items.length - 1]!.name } : { items };
}

/** The name of /api/v1/images/<name>: the rest of the path, which holds '/' (encoded or not). */
function imageName(ctx: RouteContext): string {
  const raw = ctx.url.pathname.slice('/api/v1/images/'.length);
  try {
    return decodeURIComponent(raw).replace(/^https?:\/\//, '');
  } catch {
    throw new BadRequestError('the image name is not valid URL encoding', 'invalid_image');
  }
}

function sendHtml(res: RouteContext['res'], html: string): void {
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Only our own script and style; nothing inline, nothing from elsewhere.
    'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  });
  res.end(html);
}

export function buildRouter(deps: ApiDeps): Router {
  const { config, store, metrics } = deps;
  const router = new Router();

  /** Checks rate and policy, then records the job (merged when an identical one is queued). */
  const submit = (identity: Identity, input: { image: string; extraTags?: string[]; platform?: string }, source: string) => {
    const ref = parseImageRef(input.image);
    const extraTags = [...new Set(input.extraTags ?? [])];
    const names: ImageRef[] = [ref, ...extraTags.map((t) => withTag(ref, t))];
    let platform: string | undefined;
    if (input.platform) {
      try {
        // One platform, or several ('linux/amd64,linux/arm64': the .multiarch layout).
        platform = [...new Set(input.platform.split(',').filter(Boolean).map((p) => formatPlatform(parsePlatform(p))))].join(',');
      } catch (err) {
        throw new BadRequestError(describeError(err), 'invalid_platform');
      }
    }
    if (!isAllowed(config.policy, identity, names)) {
      metrics.requests.inc({ source, result: 'refused' });
      throw new ForbiddenError(`${describeIdentity(identity)} may not publish ${names.map(policyName).join(', ')} (no policy rule allows it)`);
    }
    const request: JobRequest = { image: formatImageRef(ref), extraTags };
    if (platform) request.platform = platform;
    return enqueue(identity, request, source);
  };

  /**
   * Records a job. A request that merges into a queued identical job costs
   * nothing against the rate limit (a CI matrix finishing at once is one
   * job); only new jobs take a token.
   */
  const enqueue = (identity: Identity, request: JobRequest, source: string) => {
    if (!store.wouldMerge(request)) {
      const wait = deps.rateLimiter.take(describeIdentity(identity));
      if (wait > 0) {
        metrics.requests.inc({ source, result: 'rate_limited' });
        throw new RateLimitedError(wait);
      }
    }
    const extraTags = request.extraTags;
    const { job, merged } = store.enqueue(request, { source, identity: describeIdentity(identity) }, config.queue.maxQueued);
    metrics.requests.inc({ source, result: merged ? 'merged' : 'accepted' });
    deps.logger.info(merged ? 'request merged into queued job' : 'job queued', { job: job.id, image: request.image, extraTags, identity: describeIdentity(identity), source });
    if (!merged) deps.queued();
    return { job, merged };
  };

  const authenticate = async (ctx: RouteContext, accept: Accept): Promise<Identity> => deps.auth.authenticate(ctx.req.headers.authorization, accept);

  /** Reads are public unless `auth.publicRead` is false; then any valid credential (Bearer, or Basic's password) reads. */
  const readable = async (ctx: RouteContext): Promise<void> => {
    if (config.auth.publicRead) return;
    const header = ctx.req.headers.authorization;
    const basic = header && /^basic\s+/i.test(header) ? Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    try {
      await deps.auth.authenticate(basic !== undefined ? `Bearer ${basic}` : header, 'any');
    } catch (err) {
      // A browser asks for the token (as the password) and then sends it with every request of the page.
      if (err instanceof UnauthenticatedError) {
        throw new ApiError(401, 'unauthorized', `reading needs a token: ${err.message}`, { 'WWW-Authenticate': 'Basic realm="cvmfs-unpack", charset="UTF-8"' }, { cause: err });
      }
      throw err;
    }
  };

  const accepted = (ctx: RouteContext, job: Job, merged: boolean) => {
    const url = `/api/v1/jobs/${job.id}`;
    sendJson(ctx.res, 202, { id: job.id, status: job.status, url, merged }, { Location: url });
  };

  router.add('POST', '/api/v1/sync', async (ctx) => {
    const identity = await authenticate(ctx, 'any');
    const body = syncBody.parse(await readJson(ctx.req, config.http.maxBodyBytes));
    const { job, merged } = submit(identity, body, 'api');
    accepted(ctx, job, merged);
  });

  router.add('POST', '/api/v1/remove', async (ctx) => {
    const identity = await authenticate(ctx, 'any');
    const body = removeBody.parse(await readJson(ctx.req, config.http.maxBodyBytes));
    let parsed: ReturnType<typeof parseRemoval>;
    try {
      parsed = parseRemoval(body.images);
    } catch (err) {
      throw new BadRequestError(describeError(err), 'invalid_image', { cause: err });
    }
    const names = parsed.refs.map(policyName);
    if (!mayRemove(config.policy, identity, names)) {
      metrics.requests.inc({ source: 'remove', result: 'refused' });
      throw new ForbiddenError(`${describeIdentity(identity)} may not remove ${names.join(', ')} (no policy rule's "remove" allows it)`);
    }
    const request: JobRequest = { image: `${parsed.target.registry}/${parsed.target.repository}`, extraTags: [], remove: [...new Set(names)] };
    const { job, merged } = enqueue(identity, request, 'remove');
    accepted(ctx, job, merged);
  });

  router.add('GET', '/api/v1/jobs', async (ctx) => {
    await readable(ctx);
    const q = ctx.url.searchParams;
    const jobs = store.list({ statuses: parseStates(q.get('state')), limit: parseLimit(q.get('limit'), 50, 500), ...(q.get('before') ? { before: q.get('before')! } : {}) });
    sendJson(ctx.res, 200, { jobs: jobs.map((j) => jobView(j, deps.progress)), version: deps.progress.version });
  });

  router.add('GET', '/api/v1/images', async (ctx) => {
    await readable(ctx);
    const q = ctx.url.searchParams;
    const { items, next } = pageImages(deps.images.list(), q.get('prefix') ?? '', parseLimit(q.get('limit'), 100, 1000), q.get('after') ?? '');
    sendJson(ctx.res, 200, { images: items, ...(next ? { next } : {}) });
  });

  router.add('GET', '/api/v1/images/*name', async (ctx) => {
    await readable(ctx);
    const name = imageName(ctx);
    const image = deps.images.get(name);
    const history = store.imageHistory(name, 50).map((e) => ({ ...e, at: new Date(e.at).toISOString(), url: `/api/v1/jobs/${e.jobId}` }));
    if (!image && history.length === 0) throw new NotFoundError(`no image ${name} is published`);
    sendJson(ctx.res, 200, { ...(image ?? { name, published: false }), history });
  });

  router.add('GET', '/', async (ctx) => {
    await readable(ctx);
    const q = ctx.url.searchParams.get('q') ?? '';
    const active = store.list({ statuses: ['running', 'queued'], limit: 100 });
    const failed = store.list({ statuses: ['failed'], limit: 10 });
    const recent = store.list({ statuses: ['succeeded'], limit: 10 });
    const html = renderStatusPage({ images: deps.images.list(), query: q, active: active.map((j) => jobView(j, deps.progress)), failed: failed.map((j) => jobView(j)), recent: recent.map((j) => jobView(j)), target: config.target });
    sendHtml(ctx.res, html);
  });

  router.add('GET', '/jobs/:id', async (ctx) => {
    await readable(ctx);
    const id = ctx.params.id ?? '';
    const job = JOB_ID.test(id) ? store.get(id) : undefined;
    if (!job) throw new NotFoundError('no such job');
    sendHtml(ctx.res, renderJobPage(jobView(job, deps.progress)));
  });

  router.add('GET', '/assets/status.js', async (ctx) => {
    sendText(ctx.res, 200, STATUS_SCRIPT, 'text/javascript; charset=utf-8');
  });
  router.add('GET', '/assets/status.css', async (ctx) => {
    sendText(ctx.res, 200, STATUS_STYLE, 'text/css; charset=utf-8');
  });

  router.add('GET', '/api/v1/jobs/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!JOB_ID.test(id)) throw new NotFoundError('no such job');
    let job = store.get(id);
    if (!job) throw new NotFoundError('no such job');
    const wait = Number(ctx.url.searchParams.get('wait') ?? '0');
    if (!Number.isFinite(wait) || wait < 0) throw new BadRequestError('wait must be a number of seconds', 'invalid_wait');
    if (wait > 0 && (job.status === 'queued' || job.status === 'running') && !deps.isStopping()) {
      await deps.waitFor(id, Math.min(wait * 1000, config.http.maxWait));
      job = store.get(id) ?? job;
    }
    sendJson(ctx.res, 200, jobView(job, deps.progress));
  });

  // The original unpack-api's routes: `curl -X POST -H "Authorization:$TOKEN" "$SERVER:8000/api/sync/jwt?image=$IMAGE"`.
  const seed = (accept: Accept) => async (ctx: RouteContext) => {
    const identity = await authenticate(ctx, accept);
    const image = ctx.url.searchParams.get('image');
    if (!image) throw new BadRequestError('the query parameter "image" is required', 'invalid_image');
    const extra = ctx.url.searchParams.get('extraTags') ?? ctx.url.searchParams.get('extra_tags');
    const input: { image: string; extraTags?: string[]; platform?: string } = { image };
    if (extra) input.extraTags = tagList.parse(extra);
    const platform = ctx.url.searchParams.get('platform');
    if (platform) input.platform = platform;
    const { job, merged } = submit(identity, input, 'seed');
    accepted(ctx, job, merged);
  };
  for (const prefix of ['/api', '/api/gitlab', '/api/github']) {
    router.add('POST', `${prefix}/sync/secret`, seed('secret'));
    router.add('POST', `${prefix}/sync/jwt`, seed('jwt'));
  }

  const webhook = (kind: 'distribution' | 'harbor', extract: (body: unknown, registry?: string) => WebhookImages) => async (ctx: RouteContext) => {
    const secret = deps.webhookSecrets[kind];
    if (secret === undefined) throw new NotFoundError(`the ${kind} webhook is not enabled on this agent`);
    const token = bearerToken(ctx.req.headers.authorization);
    if (token === undefined) throw new UnauthenticatedError('missing Authorization header');
    if (!secretMatches(secret, token)) throw new UnauthenticatedError(`invalid ${kind} webhook secret`);
    const identity: Identity = { kind: 'webhook', source: kind };
    const body = await readJson(ctx.req, Math.max(config.http.maxBodyBytes, 1 << 20));
    let found: WebhookImages;
    try {
      found = extract(body, config.webhooks[kind]?.registry);
    } catch (err) {
      throw new BadRequestError(`not a ${kind} notification: ${describeError(err)}`, 'invalid_body', { cause: err });
    }
    const jobs: { id: string; image: string; url: string; merged: boolean }[] = [];
    const refused: { image: string; code: string; message: string }[] = [];
    for (const image of found.images) {
      try {
        const { job, merged } = submit(identity, { image }, `webhook:${kind}`);
        jobs.push({ id: job.id, image: job.request.image, url: `/api/v1/jobs/${job.id}`, merged });
      } catch (err) {
        const form = toHttpError(err);
        // A full queue or a flood is the registry's cue to retry the whole notification later.
        if (form.status === 503 || form.status === 429) throw err;
        refused.push({ image, ...form.body });
        deps.logger.warn('webhook image refused', { source: kind, image, reason: form.body.message });
      }
    }
    // 2xx even when nothing was queued: a registry retries failed notifications forever.
    sendJson(ctx.res, jobs.length ? 202 : 200, { jobs, ignored: found.ignored, refused });
  };
  router.add('POST', '/api/v1/webhooks/distribution', webhook('distribution', distributionImages));
  router.add('POST', '/api/v1/webhooks/harbor', webhook('harbor', harborImages));

  router.add('GET', '/healthz', async (ctx) => {
    const status = deps.isStopping() ? 'stopping' : 'ok';
    sendJson(ctx.res, status === 'ok' ? 200 : 503, { status, queued: store.countByStatus('queued'), running: store.countByStatus('running') });
  });

  router.add('GET', '/metrics', async (ctx) => {
    sendText(ctx.res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
  });

  return router;
}
