/**
 * Pacing per registry host, so that a registry's rate limit slows that
 * registry down and never fails its images (other registries go on at full
 * speed):
 *
 *   - a 429 (or a 503 with Retry-After) pauses every request to that host
 *     until Retry-After has passed (or, without one, until Docker Hub's
 *     window gives one pull back, else a short backoff);
 *   - Docker Hub's `ratelimit-remaining: 76;w=21600` / `ratelimit-limit:
 *     100;w=21600` (sent on manifest GETs and HEADs) are remembered: pulls
 *     (manifest GETs, the requests Docker Hub counts) go on while some are
 *     left; when none is, further pulls are spaced at the rate the window
 *     gives them back;
 *   - a wait longer than the caller's cap is not waited: the request fails at
 *     once with a RateLimitedError naming when to try again, which the
 *     scheduled loop turns into "carried to the next cycle".
 *
 * Counters (requests by kind, rate-limit answers, carried pulls) are kept
 * per host for logs and metrics.
 */
import type { Logger } from '../log/logger.ts';
import { sleep } from '../common/sleep.ts';
import { RegistryError } from './errors.ts';

/** What a request is, for counting (Docker Hub counts only `manifest-get`). */
export type RequestKind = 'manifest-head' | 'manifest-get' | 'tags' | 'blob' | 'other';

/** A registry's rate limit as last seen, and what the client did about it. */
export interface RegistryRateState {
  registry: string;
  /** Pulls the registry allows per window (Docker Hub's ratelimit-limit), when it said. */
  limit?: number;
  /** Pulls left as last said, minus the pulls sent since. */
  remaining?: number;
  windowSeconds?: number;
  /** Requests to the registry wait until then (ms since the epoch); 0 when not paused. */
  pausedUntil: number;
  /** Requests sent, by kind. */
  requests: Record<RequestKind, number>;
  /** 429 answers (and 503 with Retry-After) received. */
  limited: number;
  /** Requests not sent because the wait was longer than allowed (carried to the next cycle). */
  carried: number;
  /** Total time requests spent waiting for the registry's limit (ms). */
  waitedMs: number;
  /** When `remaining` was last said by the registry (ms since the epoch). */
  observedAt: number;
  /** When the last pull spaced out for lack of any left may go (ms since the epoch). */
  nextPullAt: number;
}

/** The wait for a registry's rate limit is longer than the caller allows: try again at `retryAt`. */
export class RateLimitedError extends RegistryError {
  override name = 'RateLimitedError';
  readonly registry: string;
  /** When the registry should take requests again (ms since the epoch). */
  readonly retryAt: number;

  constructor(init: { action: string; method: string; url: string; registry: string; retryAt: number; why: string; cause?: unknown }) {
    super({
      action: init.action,
      method: init.method,
      url: init.url,
      status: 429,
      temporary: true,
      reason: `${init.why}; try again after ${new Date(init.retryAt).toISOString()}`,
      retryAfterMs: Math.max(0, init.retryAt - Date.now()),
      ...(init.cause !== undefined ? { cause: init.cause } : {}),
    });
    this.registry = init.registry;
    this.retryAt = init.retryAt;
  }
}

/** The RateLimitedError behind `err` (itself or one of its causes), if any. */
export function rateLimitCause(err: unknown): RateLimitedError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) if (e instanceof RateLimitedError) return e;
  return undefined;
}

/** `76;w=21600` → { value: 76, windowSeconds: 21600 }; a plain number has no window. */
export function parseRateLimitHeader(value: string | string[] | undefined): { value: number; windowSeconds?: number } | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const [first, ...params] = v.split(';');
  if (!first || !/^\s*\d+\s*$/.test(first)) return undefined;
  const out: { value: number; windowSeconds?: number } = { value: Number(first.trim()) };
  for (const p of params) {
    const m = /^\s*w\s*=\s*(\d+)\s*$/.exec(p);
    if (m && Number(m[1]) > 0) out.windowSeconds = Number(m[1]);
  }
  return out;
}

const FALLBACK_PAUSE_MS = 5_000;

type Headers = Record<string, string | string[] | undefined>;

export class RegistryPacer {
  private readonly hosts = new Map<string, RegistryRateState>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state of every registry talked to, for logs and metrics (copies). */
  states(): RegistryRateState[] {
    return [...this.hosts.values()].map((s) => ({ ...s, requests: { ...s.requests } }));
  }

  private state(registry: string): RegistryRateState {
    let s = this.hosts.get(registry);
    if (!s) {
      s = { registry, pausedUntil: 0, requests: { 'manifest-head': 0, 'manifest-get': 0, tags: 0, blob: 0, other: 0 }, limited: 0, carried: 0, waitedMs: 0, observedAt: 0, nextPullAt: 0 };
      this.hosts.set(registry, s);
    }
    return s;
  }

  /** How long one pull takes to come back in the registry's window (undefined when it never said). */
  private regainMs(s: RegistryRateState): number | undefined {
    if (!s.limit || !s.windowSeconds) return undefined;
    return Math.ceil((s.windowSeconds * 1000) / s.limit);
  }

  /** The window gives pulls back over time (one per window/limit), also when the registry has not said so since. */
  private refill(s: RegistryRateState, now: number): void {
    const regain = this.regainMs(s);
    if (s.remaining === undefined || !regain || !s.limit || s.remaining >= s.limit) return;
    const back = Math.floor((now - s.observedAt) / regain);
    if (back <= 0) return;
    s.remaining = Math.min(s.limit, s.remaining + back);
    s.observedAt += back * regain;
  }

  /**
   * Before a request to `registry`: waits while the registry is paused, and
   * for a pull while none is left, as long as the wait is at most
   * `maxWaitMs`; otherwise throws RateLimitedError. Then counts the request.
   */
  async before(registry: string, kind: RequestKind, maxWaitMs: number, signal: AbortSignal | undefined, what: { action: string; method: string; url: string }): Promise<void> {
    const s = this.state(registry);
    const now = this.now();
    this.refill(s, now);
    let until = s.pausedUntil;
    let why = `${registry} answered 429 too many requests`;
    let slot: number | undefined;
    if (kind === 'manifest-get' && s.remaining !== undefined && s.remaining <= 0) {
      // None left: this pull takes the next one the window gives back (one per window/limit).
      slot = Math.max(now, s.nextPullAt) + (this.regainMs(s) ?? FALLBACK_PAUSE_MS);
      if (slot > until) {
        until = slot;
        why = `the pull limit of ${registry} is used up (${s.limit ?? '?'} per ${s.windowSeconds ? `${s.windowSeconds} s` : 'window'})`;
      }
    }
    if (until > now) {
      if (until - now > maxWaitMs) {
        s.carried++;
        throw new RateLimitedError({ ...what, registry, retryAt: until, why });
      }
      if (slot !== undefined) s.nextPullAt = slot;
      this.logger.info('waiting for the registry rate limit', { registry, action: what.action, waitMs: until - now, remaining: s.remaining, limit: s.limit });
      await sleep(until - now, signal);
      s.waitedMs += until - now;
    }
    s.requests[kind]++;
    if (kind === 'manifest-get' && s.remaining !== undefined && s.remaining > 0) s.remaining--;
  }

  /** After an answer from `registry`: learns its rate-limit headers; a 429 pauses it. */
  observe(registry: string, status: number, headers: Headers, retryAfterMs: number | undefined): void {
    const s = this.state(registry);
    const limit = parseRateLimitHeader(headers['ratelimit-limit']);
    const remaining = parseRateLimitHeader(headers['ratelimit-remaining']);
    if (limit) {
      s.limit = limit.value;
      if (limit.windowSeconds) s.windowSeconds = limit.windowSeconds;
    }
    if (remaining) {
      s.remaining = remaining.value;
      s.observedAt = this.now();
      s.nextPullAt = 0;
      if (remaining.windowSeconds) s.windowSeconds = remaining.windowSeconds;
    }
    if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
      s.limited++;
      const pause = retryAfterMs ?? (status === 429 ? this.regainMs(s) : undefined) ?? FALLBACK_PAUSE_MS;
      const until = this.now() + pause;
      if (until > s.pausedUntil) {
        s.pausedUntil = until;
        this.logger.warn('registry rate limit: pausing requests to it', { registry, status, pauseMs: pause, remaining: s.remaining, limit: s.limit, windowSeconds: s.windowSeconds });
      }
    }
  }
}
