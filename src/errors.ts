import type { RejectionCode } from './record.ts';

/** Base class of the errors litstream raises on purpose. */
export class LitstreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LitstreamError';
  }
}

/**
 * A document that can never be processed: it becomes a rejected record with
 * this code and message instead of being retried into a dead-letter queue.
 */
export class DocumentRejectedError extends LitstreamError {
  readonly code: RejectionCode;
  constructor(code: RejectionCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentRejectedError';
    this.code = code;
  }
}
