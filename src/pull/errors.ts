import { LitstreamError } from '../errors.ts';

/** Base class of the errors a literature pull raises. */
export class PullError extends LitstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PullError';
  }
}

/** An HTTP answer that is not 200. `retryable` for 429 and 5xx. */
export class HttpStatusError extends PullError {
  readonly status: number;
  readonly url: string;
  readonly retryAfterMs: number | undefined;
  constructor(status: number, url: string, body: string, retryAfterMs?: number) {
    super(`HTTP ${status} from ${url}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.url = url;
    this.retryAfterMs = retryAfterMs;
  }
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** Every attempt of a request failed with a retryable error; `cause` is the last one. */
export class RetriesExhaustedError extends PullError {
  readonly attempts: number;
  constructor(attempts: number, what: string, options: { cause: unknown; reason?: string }) {
    const last = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${what} failed after ${attempts} attempt(s)${options.reason ? ` (${options.reason})` : ''}: ${last}`, options);
    this.name = 'RetriesExhaustedError';
    this.attempts = attempts;
  }
}

/** NCBI answered 200 with an error document (bad query, expired history). Not retried. */
export class UpstreamResponseError extends PullError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamResponseError';
  }
}

/** Another pull of the same search holds the lease. */
export class LeaseHeldError extends PullError {
  readonly searchId: string;
  constructor(searchId: string) {
    super(`another pull of search ${searchId} is running (lease held)`);
    this.name = 'LeaseHeldError';
    this.searchId = searchId;
  }
}
