/**
 * Sliding-window rate limiting: no window of `windowMs` contains more than
 * `limit` grants. A window remembers its last `limit` grant times; a new
 * grant waits until the oldest of them is `windowMs + marginMs` old. The
 * margin absorbs the difference between when we send and when NCBI's servers
 * count the request (network jitter), so the server-side count stays within
 * the limit too.
 *
 * NCBI's E-utilities allow 3 requests/s per IP without an API key and 10/s
 * with one; PubTator3 asks for at most 3/s. One window is shared by every
 * request of a pull (retries included); PubTator3 requests must also pass a
 * 3/s window of their own. A grant is recorded in all of a limiter's windows
 * at the same instant, so a wait imposed by one window never makes another
 * window's record older than the real send time.
 */

export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SlidingWindowOptions {
  /** Grants per window. */
  limit: number;
  /** @default 1000 */
  windowMs?: number;
  /** Extra spacing added to the window, in milliseconds. @default 50 */
  marginMs?: number;
}

export class SlidingWindow {
  readonly limit: number;
  private readonly spanMs: number;
  private readonly grants: number[] = [];

  constructor({ limit, windowMs = 1000, marginMs = 50 }: SlidingWindowOptions) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
    this.limit = limit;
    this.spanMs = windowMs + marginMs;
  }

  /** Milliseconds until one more grant fits (0 when it fits now). */
  waitMs(now: number): number {
    while (this.grants.length > 0 && this.grants[0] + this.spanMs <= now) this.grants.shift();
    if (this.grants.length < this.limit) return 0;
    return this.grants[0] + this.spanMs - now;
  }

  record(now: number): void {
    this.grants.push(now);
  }
}

export interface RateLimiter {
  /** Resolves when one more request may be sent; the grant is counted at that moment. */
  acquire(): Promise<void>;
}

/** A limiter that grants only when every one of `windows` has room. */
export function rateLimiter(windows: SlidingWindow[], clock: Clock = systemClock): RateLimiter {
  return {
    async acquire() {
      for (;;) {
        const now = clock.now();
        // Checking and recording happen in one synchronous step, so concurrent
        // acquirers of a shared window cannot both take the last slot.
        const wait = Math.max(0, ...windows.map((w) => w.waitMs(now)));
        if (wait <= 0) {
          for (const w of windows) w.record(now);
          return;
        }
        await clock.sleep(wait);
      }
    },
  };
}

/** NCBI's published E-utilities limits, in requests per second. */
export function eutilsRequestsPerSecond(hasApiKey: boolean): number {
  return hasApiKey ? 10 : 3;
}

/** PubTator3's published limit, in requests per second. */
export const PUBTATOR_REQUESTS_PER_SECOND = 3;
