import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpStatusError, RetriesExhaustedError, UpstreamResponseError } from '../../src/pull/errors.ts';
import { createPullClients } from '../../src/pull/pull.ts';
import { backoffMs, isRetryable, parseRetryAfter, type RetryPolicy } from '../../src/pull/retry.ts';
import { FakeNcbi } from '../support/fake-ncbi.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

const WINDOW = { from: '2024-01-01', to: '2024-01-31' };
const FAST: RetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 };

describe('retries against the fake NCBI', () => {
  let ncbi: FakeNcbi;
  // Backoff and Retry-After waits pass on a virtual clock the server reads too.
  let clock: VirtualClock;
  beforeEach(async () => {
    clock = new VirtualClock();
    ncbi = await FakeNcbi.start(0, clock);
  });
  afterEach(async () => {
    await ncbi.close();
  });

  const eutils = (retry: RetryPolicy = FAST) =>
    createPullClients({ fetch, tool: 'litstream-test', email: 'test@example.org', eutilsBaseUrl: ncbi.eutilsBaseUrl, retry, clock }).eutils;

  it('retries a 429 after the Retry-After delay and then succeeds', async () => {
    ncbi.failNext(1, 429, '1');
    const result = await eutils().esearch('leiomyosarcoma', WINDOW);
    expect(result.count).toBe(5);
    expect(ncbi.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(ncbi.requests[1].at - ncbi.requests[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('retries 500s and then succeeds', async () => {
    ncbi.failNext(2, 500);
    const result = await eutils().esearch('leiomyosarcoma', WINDOW);
    expect(result.count).toBe(5);
    expect(ncbi.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('retries a dropped connection', async () => {
    ncbi.dropNext(1);
    await expect(eutils().esearch('leiomyosarcoma', WINDOW)).resolves.toMatchObject({ count: 5 });
    expect(ncbi.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts with a RetriesExhaustedError carrying the last status', async () => {
    ncbi.failNext(10, 503);
    const error = await eutils().esearch('leiomyosarcoma', WINDOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(4);
    expect(((error as RetriesExhaustedError).cause as HttpStatusError).status).toBe(503);
    expect(ncbi.requests).toHaveLength(4);
  });

  it('gives up at once when Retry-After exceeds the longest wait it honours', async () => {
    ncbi.failNext(1, 429, '3600');
    await expect(eutils().esearch('leiomyosarcoma', WINDOW)).rejects.toThrow(/Retry-After 3600 s/);
    expect(ncbi.requests).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    ncbi.failNext(1, 400);
    await expect(eutils().esearch('leiomyosarcoma', WINDOW)).rejects.toBeInstanceOf(HttpStatusError);
    expect(ncbi.requests).toHaveLength(1);
  });

  it('keeps the API key out of error messages', async () => {
    ncbi.failNext(1, 400);
    const client = createPullClients({ fetch, tool: 't', email: 'e@example.org', apiKey: 'SECRET', eutilsBaseUrl: ncbi.eutilsBaseUrl, retry: FAST }).eutils;
    const error = (await client.esearch('x', WINDOW).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('api_key=***');
    expect(error.message).not.toContain('SECRET');
  });

  it('treats an expired history (efetch ERROR document) as final', async () => {
    const error = await eutils().efetch({ webEnv: 'MCID_gone', queryKey: '1' }, 0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamResponseError);
    expect(ncbi.requests).toHaveLength(1);
  });

  it('sends tool, email and the E-utilities search parameters on every request', async () => {
    await eutils().esearch('leiomyosarcoma', WINDOW);
    const params = Object.fromEntries(ncbi.requests[0].params);
    expect(params).toMatchObject({
      db: 'pubmed',
      term: 'leiomyosarcoma',
      datetype: 'edat',
      mindate: '2024/01/01',
      maxdate: '2024/01/31',
      usehistory: 'y',
      retmax: '0',
      tool: 'litstream-test',
      email: 'test@example.org',
    });
    expect(params.api_key).toBeUndefined();
  });
});

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('doubles the delay per attempt, with jitter in the upper half, up to the cap', () => {
    expect(backoffMs(1, { baseDelayMs: 100, random: () => 0 })).toBe(50);
    expect(backoffMs(3, { baseDelayMs: 100, random: () => 0.999 })).toBeCloseTo(400, 0);
    expect(backoffMs(20, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(500);
  });

  it('retries 429 and 5xx but no other status', () => {
    expect(isRetryable(new HttpStatusError(429, 'u', ''))).toBe(true);
    expect(isRetryable(new HttpStatusError(502, 'u', ''))).toBe(true);
    expect(isRetryable(new HttpStatusError(404, 'u', ''))).toBe(false);
    expect(isRetryable(new RangeError('bug'))).toBe(false);
  });
});
