/**
 * Sliding-window rate limiting: no window of `windowMs` holds more than
 * `limit` requests. A request occupies a slot of the window from its grant
 * until `windowMs + marginMs` after it completed (its `release`), so the
 * limit holds where NCBI counts it, at arrival on their servers, whatever
 * the network delays: a request arrives after its grant and before its
 * completion, so any two requests `limit` grants apart arrive more than
 * `windowMs` apart. The margin adds slack for clocks and measurement.
 *
 * NCBI's E-utilities allow 3 requests/s per IP without an API key and 10/s
 * with one; PubTator3 asks for at most 3/s. One window is shared by every
 * request of a pull (retries included); PubTator3 requests must also pass a
 * 3/s window of their own. A grant takes a slot in all of a limiter's windows
 * in one synchronous step, so concurrent callers cannot overbook a window.
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
  /** Requests per window. */
  limit: number;
  /** @default 1000 */
  windowMs?: number;
  /** Extra spacing added to the window, in milliseconds. @default 50 */
  marginMs?: number;
}

interface Slot {
  /** Completion time; Infinity while the request is in flight. */
  end: number;
}

export class SlidingWindow {
  readonly limit: number;
  private readonly spanMs: number;
  private slots: Slot[] = [];
  private waiters: Array<() => void> = [];

  constructor({ limit, windowMs = 1000, marginMs = 50 }: SlidingWindowOptions) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
    this.limit = limit;
    this.spanMs = windowMs + marginMs;
  }

  /** Milliseconds until a slot frees (0: free now; Infinity: every slot is in flight). */
  waitMs(now: number): number {
    this.slots = this.slots.filter((slot) => slot.end + this.spanMs > now);
    if (this.slots.length < this.limit) return 0;
    return Math.min(...this.slots.map((slot) => slot.end)) + this.spanMs - now;
  }

  take(): Slot {
    const slot = { end: Number.POSITIVE_INFINITY };
    this.slots.push(slot);
    return slot;
  }

  release(slot: Slot, now: number): void {
    if (slot.end !== Number.POSITIVE_INFINITY) return;
    slot.end = now;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next release. */
  released(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export interface RateLimiter {
  /** Resolves when one more request may be sent; call the returned function when it has completed. */
  acquire(): Promise<() => void>;
}

/** A limiter that grants only when every one of `windows` has room. */
export function rateLimiter(windows: SlidingWindow[], clock: Clock = systemClock): RateLimiter {
  return {
    async acquire() {
      for (;;) {
        const waits = windows.map((w) => w.waitMs(clock.now()));
        const wait = Math.max(0, ...waits);
        if (wait <= 0) {
          const slots = windows.map((w) => w.take());
          return () => {
            const now = clock.now();
            windows.forEach((w, i) => w.release(slots[i], now));
          };
        }
        if (Number.isFinite(wait)) await clock.sleep(wait);
        else await Promise.race(windows.filter((_, i) => waits[i] === Number.POSITIVE_INFINITY).map((w) => w.released()));
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
