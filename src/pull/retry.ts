/**
 * Retries for NCBI requests. Retried: HTTP 429 and 5xx, timeouts and network
 * errors (the request may succeed later). Not retried: other 4xx and error
 * documents (the same request will fail the same way). Delays grow
 * exponentially with "equal jitter" (half fixed, half random) so that
 * parallel pulls do not retry in step; a `Retry-After` header sets a floor.
 * When every attempt failed, or the server asks to wait longer than
 * `maxRetryAfterMs`, the call fails with `RetriesExhaustedError`.
 */
import { HttpStatusError, PullError, RetriesExhaustedError } from './errors.ts';
import { systemClock, type Clock } from './rate-limiter.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 5 */
  maxAttempts?: number;
  /** Delay before the second attempt, in milliseconds. @default 500 */
  baseDelayMs?: number;
  /** Upper bound of the exponential delay, in milliseconds. @default 20_000 */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured, in milliseconds; longer ones end the retries. @default 60_000 */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: unknown;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Whether a failed attempt may succeed if repeated. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.retryable;
  if (error instanceof PullError) return false;
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // undici reports network failures as TypeError('fetch failed') with the system error as cause.
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Delay before attempt `attempt + 1`, before any Retry-After floor. */
export function backoffMs(attempt: number, policy: RetryPolicy = {}): number {
  const { baseDelayMs = 500, maxDelayMs = 20_000, random = Math.random } = policy;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

export async function withRetry<T>(
  what: string,
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy = {},
  clock: Clock = systemClock,
  onRetry?: (event: RetryEvent) => void,
): Promise<T> {
  const { maxAttempts = 5, maxRetryAfterMs = 60_000 } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= maxAttempts) throw new RetriesExhaustedError(attempt, what, { cause: error });
      const retryAfterMs = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
        throw new RetriesExhaustedError(attempt, what, {
          cause: error,
          reason: `Retry-After ${Math.ceil(retryAfterMs / 1000)} s exceeds ${Math.ceil(maxRetryAfterMs / 1000)} s`,
        });
      }
      const delayMs = Math.max(backoffMs(attempt, policy), retryAfterMs ?? 0);
      onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs);
    }
  }
}
