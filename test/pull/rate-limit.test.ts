import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlidingWindow, rateLimiter, type Clock } from '../../src/pull/rate-limiter.ts';
import { createPullClients } from '../../src/pull/pull.ts';
import { FakeNcbi, maxInWindow } from '../support/fake-ncbi.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

const WINDOW = { from: '2024-01-01', to: '2024-01-31' };

describe('rate limits measured at the server', () => {
  let ncbi: FakeNcbi;
  // Requests go over real HTTP; the waits between them pass on a virtual clock the server reads too.
  let clock: VirtualClock;
  beforeEach(async () => {
    clock = new VirtualClock();
    ncbi = await FakeNcbi.start(0, clock);
  });
  afterEach(async () => {
    await ncbi.close();
  });

  const clients = (apiKey?: string) =>
    createPullClients({ fetch, tool: 'litstream-test', email: 'test@example.org', apiKey, eutilsBaseUrl: ncbi.eutilsBaseUrl, pubtatorBaseUrl: ncbi.pubtatorBaseUrl, clock });

  it('sends no more than 3 requests in any second without an API key', async () => {
    const { eutils } = clients();
    await Promise.all(Array.from({ length: 10 }, () => eutils.esearch('leiomyosarcoma', WINDOW)));
    expect(ncbi.requests).toHaveLength(10);
    expect(maxInWindow(ncbi.requests.map((r) => r.at))).toBeLessThanOrEqual(3);
  });

  it('sends no more than 10 requests in any second with an API key', async () => {
    const { eutils } = clients('k3y');
    await Promise.all(Array.from({ length: 25 }, () => eutils.esearch('leiomyosarcoma', WINDOW)));
    expect(ncbi.requests).toHaveLength(25);
    expect(maxInWindow(ncbi.requests.map((r) => r.at))).toBeLessThanOrEqual(10);
    expect(maxInWindow(ncbi.requests.map((r) => r.at))).toBeGreaterThan(3);
  });

  it('counts PubTator3 requests against the shared limit and keeps them at 3 per second', async () => {
    const { eutils, pubtator } = clients('k3y');
    await Promise.all([
      ...Array.from({ length: 12 }, () => eutils.esearch('leiomyosarcoma', WINDOW)),
      ...Array.from({ length: 8 }, (_, i) => pubtator.export([String(100 + i)], '2024-02-01')),
    ]);
    expect(maxInWindow(ncbi.requests.map((r) => r.at))).toBeLessThanOrEqual(10);
    expect(maxInWindow(ncbi.requestsTo('pubtator').map((r) => r.at))).toBeLessThanOrEqual(3);
  });
});

describe('SlidingWindow', () => {
  function fakeClock(): Clock & { t: number } {
    const clock = {
      t: 0,
      now: () => clock.t,
      sleep: async (ms: number) => {
        clock.t += ms;
      },
    };
    return clock;
  }

  it('grants a burst up to the limit, then waits for the oldest grant to leave the window', async () => {
    const clock = fakeClock();
    const limiter = rateLimiter([new SlidingWindow({ limit: 3, marginMs: 0 })], clock);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const release = await limiter.acquire();
      times.push(clock.t);
      release();
    }
    expect(times).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('counts a window from the completion of a slow request, not from its grant', async () => {
    const clock = fakeClock();
    const limiter = rateLimiter([new SlidingWindow({ limit: 1, marginMs: 0 })], clock);
    const release = await limiter.acquire();
    clock.t = 700; // the request took 700 ms
    const next = limiter.acquire();
    release();
    await next;
    expect(clock.t).toBe(1700);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new SlidingWindow({ limit: 0 })).toThrow(RangeError);
  });
});
