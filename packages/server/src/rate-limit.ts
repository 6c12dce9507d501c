/** The outcome of asking a rate limit for one token. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Where the rate limit keeps its counts. Replace the in-memory one with your own (Redis, a database, your
 * platform's limiter) when the endpoint runs in more than one process. `take` is called once per request
 * that passed the other checks, before minting.
 */
export interface RateLimitStore {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Options of {@link MemoryRateLimitStore}. */
export interface TokenBucketOptions {
  /** Tokens a client may mint in a burst. Default 10. */
  burst?: number;
  /** Tokens added back per minute, per client. Default 10. */
  perMinute?: number;
  /** Most clients tracked at once; past it the fullest buckets are forgotten first. Default 10 000. */
  maxClients?: number;
  /** Clock in ms (tests). Default `Date.now`. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client key, in memory: `burst` at once, then `perMinute` on average. Its size is
 * bounded (`maxClients`), so a flood of distinct keys cannot grow it without end.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions = {}) {
    this.burst = options.burst ?? 10;
    this.perMs = (options.perMinute ?? 10) / 60_000;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
    if (!(this.burst >= 1) || !(this.perMs > 0) || !(this.maxClients >= 1)) {
      throw new RangeError('rateLimit: burst, perMinute and maxClients must be positive numbers');
    }
  }

  take(key: string): RateLimitDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    // Re-insert so the Map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxClients) this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Drops buckets that have refilled (they hold no state worth keeping), else the least recently used. */
  private evict(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) this.buckets.delete(key);
      if (this.buckets.size <= this.maxClients) return;
    }
    for (const key of this.buckets.keys()) {
      this.buckets.delete(key);
      if (this.buckets.size <= this.maxClients) return;
    }
  }
}
