/** How fast one session may do one kind of thing: `perMinute` on average, `burst` at once. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

const MAX_TRACKED_KEYS = 50_000;

/**
 * Token buckets per key (session × kind): each action takes one token; tokens come back at
 * `perMinute`, up to `burst`. Full buckets are forgotten, so memory follows active users only.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit, private readonly nowMs: () => number = Date.now) {}

  /** Takes one token for `key`: 0 when allowed, otherwise the whole seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.nowMs();
    const refillPerMs = this.limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedAtMs: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.updatedAtMs) * refillPerMs);
    bucket.updatedAtMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(key, bucket);
      return 0;
    }
    this.remember(key, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
  }

  private remember(key: string, bucket: Bucket): void {
    this.buckets.delete(key); // re-insert: the Map's order is then least recently used first
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_TRACKED_KEYS) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
  }
}

/** A limit of `perMinute` with a burst of a third of it (a person may do a few things at once). */
export function perMinute(count: number): RateLimit {
  return { perMinute: count, burst: Math.max(1, Math.ceil(count / 3)) };
}
