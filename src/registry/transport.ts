/**
 * The registry transport, in layers: one exchange (auth header for the
 * registry's own origin only, manual redirects that drop Authorization when
 * they leave that origin, one re-authentication after a 401), wrapped in
 * bounded retries with exponential backoff and jitter for temporary failures
 * (network errors, 408, 429, 5xx), honouring Retry-After up to a cap.
 * Every exchange first passes the registry's pacer (rate-limit.ts), which
 * learns from each answer's 429 and ratelimit headers.
 */
import type { Dispatcher } from './dispatcher.ts';
import type { ImageRef } from '../reference/index.ts';
import { registryBaseUrl } from '../reference/index.ts';
import type { Logger } from '../log/logger.ts';
import { Authenticator } from './auth.ts';
import type { CredentialStore } from './credentials.ts';
import { RegistryError, tlsProtocolHint } from './errors.ts';
import { backoffDelay, isTemporaryStatus, parseErrorBody, parseRetryAfter, readLimited, sleep } from './http.ts';
import { redactUrl } from './redact.ts';
import { RateLimitedError, RegistryPacer, type RequestKind } from './rate-limit.ts';

export interface TransportOptions {
  dispatcher: Dispatcher;
  credentials?: CredentialStore;
  userAgent: string;
  logger: Logger;
  /** Retries after the first attempt. */
  retries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** Longest wait for a registry's rate limit before a request gives up with RateLimitedError; default retryMaxDelayMs. */
  rateLimitMaxWaitMs?: number;
  /** Registries spoken to over plain HTTP although named without a scheme (loopback always is). */
  insecureRegistries?: readonly string[];
}

export interface SendOptions {
  ref: ImageRef;
  /** A path with query at the registry ('/v2/…'), or an absolute URL (a Link to follow). */
  path: string;
  /** What is being done, for messages: 'fetching manifest host/repo:tag'. */
  action: string;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses handed back as success; default [200]. */
  ok?: number[];
  highWaterMark?: number;
  /** False: one attempt only (the caller retries itself). */
  retry?: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
  /** The URL that answered (after redirects), redacted. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 64 * 1024;

export class Transport {
  readonly auth: Authenticator;
  readonly pacer: RegistryPacer;

  constructor(private readonly opts: TransportOptions) {
    this.pacer = new RegistryPacer(opts.logger);
    this.auth = new Authenticator({
      dispatcher: opts.dispatcher,
      userAgent: opts.userAgent,
      logger: opts.logger,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
  }

  /** One exchange with retries of temporary failures. Throws RegistryError for any other status. */
  async send(req: SendOptions): Promise<TransportResponse> {
    const retries = req.retry === false ? 0 : this.opts.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(req);
      } catch (err) {
        if (!(err instanceof RegistryError) || err instanceof RateLimitedError || !err.temporary || attempt >= retries || req.signal?.aborted) throw err;
        // After a 429 the pacer holds back every request to the registry (see once); no second wait here.
        const delay = err.status === 429 ? 0 : this.retryDelay(attempt, err.retryAfterMs);
        this.opts.logger.debug('retrying registry request', { action: req.action, attempt: attempt + 1, delayMs: Math.round(delay), reason: err.message });
        await sleep(delay, req.signal);
      }
    }
  }

  /** How long to wait before retry `attempt` (0-based); Retry-After wins but is capped. */
  retryDelay(attempt: number, retryAfterMs?: number): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, this.opts.retryMaxDelayMs);
    return backoffDelay(attempt, this.opts.retryBaseMs, this.opts.retryMaxDelayMs);
  }

  get retries(): number {
    return this.opts.retries;
  }

  /** The Authorization header; a failed ping or token request is reported as part of `req.action`. */
  private async authorize(req: SendOptions, origin: string, scope: string): Promise<string | undefined> {
    try {
      return await this.auth.authorization(origin, req.ref.registry, scope, req.signal);
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      throw new RegistryError({
        action: req.action,
        method: err.method,
        url: err.url,
        ...(err.status !== undefined ? { status: err.status } : {}),
        errors: err.errors,
        temporary: err.temporary,
        reason: err.message,
        ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
        cause: err,
      });
    }
  }

  private async once(req: SendOptions): Promise<TransportResponse> {
    const origin = new URL(registryBaseUrl(req.ref, this.opts.insecureRegistries)).origin;
    const method = req.method ?? 'GET';
    const ok = req.ok ?? [200];
    let scope = `repository:${req.ref.repository}:pull`;
    let url = new URL(req.path, origin);
    let reauthenticated = false;
    await this.pacer.before(req.ref.registry, requestKind(method, req.path), this.opts.rateLimitMaxWaitMs ?? this.opts.retryMaxDelayMs, req.signal, {
      action: req.action,
      method,
      url: redactUrl(url),
    });
    for (let hops = 0; ; ) {
      const sameOrigin = url.origin === origin;
      const headers: Record<string, string> = { 'user-agent': this.opts.userAgent, ...req.headers };
      // Credentials belong to the registry's origin: never to a redirect target such as blob storage.
      if (sameOrigin) {
        const authorization = await this.authorize(req, origin, scope);
        if (authorization) headers.authorization = authorization;
      }
      let res: Dispatcher.ResponseData;
      try {
        res = await this.opts.dispatcher.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method,
          headers,
          signal: req.signal ?? null,
          ...(req.highWaterMark ? { highWaterMark: req.highWaterMark } : {}),
        });
      } catch (err) {
        if (req.signal?.aborted) throw err;
        const tls = tlsProtocolHint(err, req.ref.registry);
        const reason = tls ?? `network error: ${(err as Error).message}`;
        throw new RegistryError({ action: req.action, method, url: redactUrl(url), temporary: tls === undefined, reason, cause: err });
      }
      if (sameOrigin) this.pacer.observe(req.ref.registry, res.statusCode, res.headers, parseRetryAfter(res.headers['retry-after']));
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
        await res.body.dump();
        if (++hops > MAX_REDIRECTS) {
          throw new RegistryError({ action: req.action, method, url: redactUrl(url), status: res.statusCode, temporary: false, reason: `more than ${MAX_REDIRECTS} redirects` });
        }
        url = new URL(location, url);
        continue;
      }
      if (res.statusCode === 401 && sameOrigin && !reauthenticated) {
        await res.body.dump();
        const challengeScope = await this.auth.refused(origin, res.headers['www-authenticate'], scope);
        if (challengeScope !== undefined) {
          reauthenticated = true;
          scope = challengeScope;
          continue;
        }
        throw new RegistryError({ action: req.action, method, url: redactUrl(url), status: 401, temporary: false });
      }
      if (ok.includes(res.statusCode)) return { status: res.statusCode, headers: res.headers, body: res.body, url: redactUrl(url) };
      const body = method === 'HEAD' ? Buffer.alloc(0) : await readLimited(res.body, ERROR_BODY_LIMIT);
      const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
      throw new RegistryError({
        action: req.action,
        method,
        url: redactUrl(url),
        status: res.statusCode,
        errors: parseErrorBody(body),
        temporary: isTemporaryStatus(res.statusCode),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
  }
}

/** What a request is, for the pacer (Docker Hub counts manifest GETs as pulls). */
function requestKind(method: string, path: string): RequestKind {
  const p = path.split('?')[0]!;
  if (p.includes('/manifests/')) return method === 'HEAD' ? 'manifest-head' : 'manifest-get';
  if (p.endsWith('/tags/list')) return 'tags';
  if (p.includes('/blobs/')) return 'blob';
  return 'other';
}
