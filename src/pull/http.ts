/**
 * GET with rate limiting, a per-request timeout and retries. Every attempt,
 * retries included, takes a grant from the limiter before it is sent and
 * releases it once the answer has been read (or the attempt failed).
 */
import { HttpStatusError } from './errors.ts';
import { systemClock, type Clock, type RateLimiter } from './rate-limiter.ts';
import { parseRetryAfter, withRetry, type RetryEvent, type RetryPolicy } from './retry.ts';

/** The part of the WHATWG `fetch` the pull uses; `globalThis.fetch` fits. */
export type FetchLike = (
  url: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string> },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface RequestEvent {
  /** The URL with any api_key masked. */
  url: string;
  attempt: number;
  /** HTTP status, or undefined when the request failed without an answer. */
  status: number | undefined;
  durationMs: number;
}

export interface HttpClientOptions {
  fetch: FetchLike;
  /** Per-attempt timeout, in milliseconds. @default 60_000 */
  timeoutMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  onRequest?: (event: RequestEvent) => void;
  onRetry?: (event: RetryEvent & { url: string }) => void;
}

export interface HttpClient {
  getText(url: string, limiter: RateLimiter): Promise<string>;
}

/** Masks the API key so URLs can go into logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]api_key=)[^&]*/g, '$1***');
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { fetch, timeoutMs = 60_000, retry, clock = systemClock, onRequest, onRetry } = options;
  return {
    getText(url, limiter) {
      const shown = redactUrl(url);
      return withRetry(
        `GET ${shown}`,
        async (attempt) => {
          const release = await limiter.acquire();
          const started = clock.now();
          let status: number | undefined;
          try {
            const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
            status = response.status;
            const body = await response.text();
            if (status !== 200) {
              throw new HttpStatusError(status, shown, body, parseRetryAfter(response.headers.get('retry-after')));
            }
            return body;
          } finally {
            release();
            onRequest?.({ url: shown, attempt, status, durationMs: clock.now() - started });
          }
        },
        retry,
        clock,
        onRetry && ((event) => onRetry({ ...event, url: shown })),
      );
    },
  };
}
