import type { MessageQueue } from './ports.ts';

/**
 * Sends messages to the next stage's queue. A refused message throws: the
 * caller's message is retried whole, and every write it repeats is
 * idempotent.
 */
export async function sendOrThrow<M>(queue: MessageQueue<M>, queueName: string, messages: readonly M[]): Promise<void> {
  if (messages.length === 0) return;
  const refused = await queue.send(messages);
  if (refused.length > 0) {
    throw new Error(`${queueName} refused ${refused.length} messages: ${refused[0]?.reason ?? ''}`);
  }
}
