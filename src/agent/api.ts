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
import { BadRequestError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, toHttpError } from './errors.ts';
import { readJson, Router, sendJson, sendText, type RouteContext } from './http.ts';
import type { Metrics } from './metrics.ts';
import { describeIdentity, isAllowed, policyName, type Identity } from './policy.ts';
import type { Job, JobRequest, JobStore } from './queue.ts';
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

/** The job as the API shows it (DESIGN section 4). */
export function jobView(job: Job): Record<string, unknown> {
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
  if (job.error !== undefined) view.error = job.error;
  return view;
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
    const { job, merged } = store.enqueue(request, { source, identity: describeIdentity(identity) }, config.queue.maxQueued);
    metrics.requests.inc({ source, result: merged ? 'merged' : 'accepted' });
    deps.logger.info(merged ? 'request merged into queued job' : 'job queued', { job: job.id, image: request.image, extraTags, identity: describeIdentity(identity), source });
    if (!merged) deps.queued();
    return { job, merged };
  };

  const authenticate = async (ctx: RouteContext, accept: Accept): Promise<Identity> => {
    const identity = await deps.auth.authenticate(ctx.req.headers.authorization, accept);
    const wait = deps.rateLimiter.take(describeIdentity(identity));
    if (wait > 0) throw new RateLimitedError(wait);
    return identity;
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
    sendJson(ctx.res, 200, jobView(job));
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
    const wait = deps.rateLimiter.take(describeIdentity(identity));
    if (wait > 0) throw new RateLimitedError(wait);
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
        // A full queue is the registry's cue to retry the whole notification later.
        if (form.status === 503) throw err;
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
