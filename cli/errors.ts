import { LitstreamError } from '../src/errors.ts';

/** A bad invocation or an unreadable input path: exit code 2. */
export class UsageError extends LitstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * A failure the person running the command can act on (a service that
 * cannot be reached, an answer that says why): printed as its message alone,
 * without a stack trace; exit code 1.
 */
export class CommandError extends LitstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandError';
  }
}
