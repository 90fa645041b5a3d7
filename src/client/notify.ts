/**
 * notify: ask a remote agent to publish images and wait for the outcome.
 *
 *   POST /api/v1/sync {image, extraTags, platform}      -> 202 {id, status, url}
 *   GET  /api/v1/jobs/<id>?wait=SECONDS   (long poll)   -> {id, status, images, error?}
 *
 * One request (one agent job) per repository; requests are submitted one after
 * the other and then awaited together. A refusal or failure of one does not
 * stop the others; at the end NotifyError lists every image that was not
 * published, with the agent's reason, and carries the partial result.
 *
 * Only the v1 API is spoken: the seed routes (/api/sync/jwt?image=) answer
 * without a job to follow, so a client that must report the outcome cannot
 * use them. A server without /api/v1 is reported as such.
 */
import { z } from 'zod';
import { nullLogger, type Logger } from '../log/logger.ts';
import { describeError } from '../log/errors.ts';
import { AgentRequestError, DEFAULT_RETRY, callAgent, type RetryPolicy } from './http.ts';
import { resolveImages, type ResolvedRequest } from './resolve.ts';
import { apiUrl, normalizeServerUrl } from './server.ts';
import { formatDuration } from '../common/duration.ts';
import { parseImageRef } from '../reference/index.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const Accepted = z.object({ id: z.string().min(1), status: z.enum(JOB_STATUSES), url: z.string().optional() });
const PublishedImageSchema = z.object({
  ref: z.string(),
  digest: z.string().nullish().transform((v) => v ?? undefined),
  path: z.string().nullish().transform((v) => v ?? undefined),
});
const Job = z.object({
  id: z.string(),
  status: z.enum(JOB_STATUSES),
  images: z.array(PublishedImageSchema).nullish().transform((v) => v ?? []),
  error: z.string().nullish().transform((v) => v ?? undefined),
  /** A queued job carried by a registry's rate limit: why it waits. */
  waiting: z.string().nullish().transform((v) => v ?? undefined),
  timings: z.unknown().optional(),
});
export type JobView = z.infer<typeof Job>;
export type PublishedImage = z.infer<typeof PublishedImageSchema>;

/** A request of notify: publish (image + extra tags), or with `remove`, take those names back. */
export type NotifyRequest = ResolvedRequest & { remove?: string[] };

export interface JobOutcome {
  request: NotifyRequest;
  /** The agent's job id; undefined when the request was refused. */
  id: string | undefined;
  /** 'refused': the agent did not accept it; 'timeout': not finished in time (it goes on on the agent). */
  status: JobStatus | 'refused' | 'timeout';
  images: PublishedImage[];
  error?: string;
  /** From submitting to the last answer. */
  elapsedMs: number;
  /** The job's page on the agent's status page (for CI logs and summaries). */
  page?: string;
}

export interface NotifyResult {
  jobs: JobOutcome[];
}

export interface StatusEvent {
  image: string;
  id: string | undefined;
  status: JobOutcome['status'];
  error?: string;
}

export interface NotifyOptions {
  /** The agent's URL; a bare host means http://HOST:8000. */
  server: string;
  /** A secret token or an OIDC JWT; sent as 'Authorization: Bearer …' and nowhere else. */
  token: string;
  /** One reference, or a list (newline/comma separated, or an array) such as docker/metadata-action's tags. */
  images: string | readonly string[];
  extraTags?: readonly string[];
  /** Pin every tag to this manifest digest (the one just pushed). */
  digest?: string;
  platform?: string;
  /** false: return once the agent has accepted the requests. */
  wait: boolean;
  /** For the whole call, waiting included. */
  timeoutMs: number;
  logger?: Logger;
  onStatus?: (event: StatusEvent) => void;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Longest single long poll, in seconds (default 30). */
  pollSeconds?: number;
  /** Remove the named images (tags may be wildcards) instead of publishing them: POST /api/v1/remove. */
  remove?: boolean;
}

/**
 * The removal requests for a list of names: one per repository, each with
 * its names, and every extra tag added in each repository. Names are sent
 * as given (the agent validates them; tags may be wildcards).
 */
export function removalRequests(images: string | readonly string[], extraTags: readonly string[]): NotifyRequest[] {
  const list = (typeof images === 'string' ? images.split(/[\n,]+/) : [...images]).map((s) => s.trim()).filter(Boolean);
  const byRepo = new Map<string, string[]>();
  for (const name of list) {
    const slash = name.lastIndexOf('/');
    const at = name.indexOf('@', slash);
    const colon = name.indexOf(':', slash + 1);
    const end = at !== -1 ? at : colon !== -1 ? colon : name.length;
    const repo = name.slice(0, end);
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), name, ...extraTags.map((t) => `${repo}:${t}`)]);
  }
  return [...byRepo].map(([repo, names]) => ({ image: repo, ref: parseImageRef(names[0]!, { allowWildcard: true }), extraTags: [], remove: [...new Set(names)] }));
}

/** Some image was not published (refused, failed or not finished in time). */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  readonly result: NotifyResult;

  constructor(msg: string, result: NotifyResult) {
    super(msg);
    this.result = result;
  }
}

const REQUEST_TIMEOUT_MS = 30_000;
/** A poll answered sooner than this without news is followed by a pause (an agent without long polls). */
const MIN_POLL_INTERVAL_MS = 2_000;

export async function notify(opts: NotifyOptions): Promise<NotifyResult> {
  const logger = opts.logger ?? nullLogger;
  const requests: NotifyRequest[] = opts.remove ? removalRequests(opts.images, opts.extraTags ?? []) : resolveImages(opts.images, opts.extraTags ?? [], { digest: opts.digest });
  const base = normalizeServerUrl(opts.server);
  const deadline = Date.now() + opts.timeoutMs;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry, deadline };
  const ctx: Ctx = { opts, base, deadline, retry, logger, report: (e) => opts.onStatus?.(e) };

  const submitted: Array<{ outcome: JobOutcome; started: number }> = [];
  for (const request of requests) submitted.push(await submit(ctx, request));

  const jobs = opts.wait
    ? await Promise.all(submitted.map((s) => (s.outcome.id === undefined ? s.outcome : follow(ctx, s.outcome, s.started))))
    : submitted.map((s) => s.outcome);
  const result = { jobs };
  const bad = jobs.filter((j) => j.status === 'failed' || j.status === 'refused' || j.status === 'timeout');
  if (bad.length > 0) {
    // The agent's reasons usually start with the image already.
    const lines = bad.map((j) => (j.error?.startsWith(j.request.image) ? j.error : `${j.request.image}: ${j.error ?? j.status}`));
    throw new NotifyError(`${opts.remove ? 'removing' : 'publishing'} ${bad.length} of ${jobs.length} request(s) failed:\n  ${lines.join('\n  ')}`, result);
  }
  return result;
}

interface Ctx {
  opts: NotifyOptions;
  base: URL;
  deadline: number;
  retry: RetryPolicy;
  logger: Logger;
  report: (event: StatusEvent) => void;
}

async function submit(ctx: Ctx, request: NotifyRequest): Promise<{ outcome: JobOutcome; started: number }> {
  const started = Date.now();
  const body: Record<string, unknown> = request.remove ? { images: request.remove } : { image: request.image, extraTags: request.extraTags };
  if (ctx.opts.platform && !request.remove) body.platform = ctx.opts.platform;
  const url = apiUrl(ctx.base, request.remove ? 'api/v1/remove' : 'api/v1/sync');
  try {
    const { body: accepted } = await callAgent(
      { method: 'POST', url, token: ctx.opts.token, body, timeoutMs: REQUEST_TIMEOUT_MS },
      Accepted,
      { retry: ctx.retry, logger: ctx.logger, signal: ctx.opts.signal },
    );
    ctx.logger.debug(`requested ${describeRequest(request)}: job ${accepted.id} ${accepted.status}`);
    ctx.report({ image: request.image, id: accepted.id, status: accepted.status });
    const page = apiUrl(ctx.base, `jobs/${encodeURIComponent(accepted.id)}`).toString();
    return { outcome: { request, id: accepted.id, status: accepted.status, images: [], elapsedMs: Date.now() - started, page }, started };
  } catch (err) {
    const error = refusalReason(err, url);
    ctx.report({ image: request.image, id: undefined, status: 'refused', error });
    return { outcome: { request, id: undefined, status: 'refused', images: [], error, elapsedMs: Date.now() - started }, started };
  }
}

async function follow(ctx: Ctx, outcome: JobOutcome, started: number): Promise<JobOutcome> {
  const id = outcome.id!;
  const pollSeconds = ctx.opts.pollSeconds ?? 30;
  let last: JobView | undefined;
  let lastStatus: JobOutcome['status'] = outcome.status;
  const done = (view: JobView | undefined, status: JobOutcome['status'], error?: string): JobOutcome => {
    const out: JobOutcome = { ...outcome, status, images: view?.images ?? [], elapsedMs: Date.now() - started };
    if (error !== undefined) out.error = error;
    ctx.report({ image: outcome.request.image, id, status, ...(error !== undefined ? { error } : {}) });
    return out;
  };

  for (;;) {
    const remaining = ctx.deadline - Date.now();
    if (remaining <= 0) {
      const why = last?.waiting ? ` (${last.waiting})` : '';
      return done(last, 'timeout', `job ${id} still ${last?.status ?? lastStatus}${why} after ${formatDuration(ctx.opts.timeoutMs)}; it goes on on the agent (${apiUrl(ctx.base, `api/v1/jobs/${encodeURIComponent(id)}`)})`);
    }
    const wait = Math.max(1, Math.min(pollSeconds, Math.floor(remaining / 1000)));
    const url = apiUrl(ctx.base, `api/v1/jobs/${encodeURIComponent(id)}`);
    url.searchParams.set('wait', String(wait));
    const asked = Date.now();
    try {
      const { body } = await callAgent({ method: 'GET', url, token: ctx.opts.token, timeoutMs: wait * 1000 + REQUEST_TIMEOUT_MS }, Job, {
        retry: ctx.retry,
        logger: ctx.logger,
        signal: ctx.opts.signal,
      });
      last = body;
    } catch (err) {
      if (Date.now() >= ctx.deadline && err instanceof AgentRequestError && err.temporary) continue;
      return done(last, 'failed', `following job ${id}: ${describeError(err)}`);
    }
    if (last.status === 'succeeded') return done(last, 'succeeded');
    if (last.status === 'failed') return done(last, 'failed', last.error ?? 'the agent reported the job failed without a reason');
    if (last.status !== lastStatus) {
      lastStatus = last.status;
      ctx.report({ image: outcome.request.image, id, status: last.status });
    } else if (Date.now() - asked < MIN_POLL_INTERVAL_MS) {
      await new Promise((r) => setTimeout(r, Math.min(MIN_POLL_INTERVAL_MS, Math.max(0, ctx.deadline - Date.now()))));
    }
  }
}

function refusalReason(err: unknown, url: URL): string {
  if (err instanceof AgentRequestError) {
    if (err.status === 404) {
      return `${err.message}: the server has no /api/v1/sync; is ${url.origin} a cvmfs-unpack agent (servers of the original unpack-api speak only their own routes)?`;
    }
    if (err.status === 401) return `${err.message} (the token was not accepted: check the audience and that the agent trusts this issuer)`;
    if (err.status === 403) return `${err.message} (the agent's policy does not allow this pipeline to ${/\/api\/v1\/remove/.test(url.pathname) ? 'remove' : 'publish'} this image)`;
  }
  return describeError(err);
}

function describeRequest(r: NotifyRequest): string {
  if (r.remove) return `removal of ${r.remove.join(', ')}`;
  return r.extraTags.length ? `${r.image} (+ tags ${r.extraTags.join(', ')})` : r.image;
}
