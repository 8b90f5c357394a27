/**
 * A monotonic clock for tests whose time only moves when someone sleeps:
 * `sleep(ms)` registers a wake-up at now + ms, and the clock jumps to the
 * earliest pending wake-up on the next turn of the event loop (after real
 * I/O in flight has had its chance), so rate limits and Retry-After waits of
 * seconds run in milliseconds with the order of events unchanged. Pass the
 * same clock to the code under test and to the fake server that records
 * arrival times.
 */
import type { Clock } from '../../src/pull/rate-limiter.ts';

export class VirtualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; seq: number; wake: () => void }> = [];
  private seq = 0;
  private ticking = false;

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake: resolve });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.ticking) return;
    this.ticking = true;
    // A short real delay lets requests already sent reach the server first.
    setTimeout(() => {
      this.ticking = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.wake();
      if (this.timers.length > 0) this.schedule();
    }, 1);
  }
}
