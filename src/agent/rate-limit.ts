/**
 * Per-identity token buckets: `burst` requests at once, refilled at
 * `perMinute`. In memory: a restart forgives everyone.
 */
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(opts: RateLimitOptions) {
    this.ratePerMs = opts.perMinute / 60_000;
    this.burst = opts.burst;
    this.now = opts.now ?? Date.now;
  }

  /** Takes one token for `key`: 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.ratePerMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.prune(now);
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerMs / 1000));
  }

  /** Drops full buckets so the map does not grow with every identity ever seen. */
  private prune(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.ratePerMs >= this.burst) this.buckets.delete(key);
    }
  }
}
