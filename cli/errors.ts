import { LitstreamError } from '../src/errors.ts';

/** A bad invocation or an unreadable input path: exit code 2. */
export class UsageError extends LitstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
