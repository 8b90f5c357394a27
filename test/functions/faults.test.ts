import { afterEach, describe, expect, it, vi } from 'vitest';
import { SLOW_MS, crashHook, slowStore } from '../../functions/shared/faults.ts';
import { MemoryStore } from '../support/fake-ports.ts';

const body = (key: string, index: number) => JSON.stringify({ v: 1, key, index });

describe('fault injection hook', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('exits only on the first delivery of document 1 of a file marked for that stage', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const hook = crashHook('parse');
    await hook({ body: body('incoming/plain.txt', 1), receiveCount: 1 });
    await hook({ body: body('incoming/fault-crash-extract.txt', 1), receiveCount: 1 });
    await hook({ body: body('incoming/fault-crash-parse.txt', 0), receiveCount: 1 });
    await hook({ body: body('incoming/fault-crash-parse.txt', 1), receiveCount: 2 });
    await hook({ body: 'not json fault-crash-parse', receiveCount: 1 });
    expect(exit).not.toHaveBeenCalled();
    await hook({ body: body('incoming/fault-crash-parse.txt', 1), receiveCount: 1 });
    expect(exit).toHaveBeenCalledOnce();
  });

  it('holds a parse claim of a slow-read file for SLOW_MS, and no other write', async () => {
    vi.useFakeTimers();
    try {
      const store = slowStore(new MemoryStore());
      const settled = (promise: Promise<unknown>) => {
        let done = false;
        void promise.then(() => (done = true));
        return () => done;
      };
      const claim = (pk: string, stage: 'parse' | 'extract' = 'parse') => settled(store.markUnits([{ pk, index: 0, stage, state: 'processing' }]));
      const slow = claim('SRC#b/incoming/fault-slow-read.txt#e');
      const plain = claim('SRC#b/incoming/plain.txt#e');
      const extract = claim('SRC#b/incoming/fault-slow-read.txt#f', 'extract');
      await vi.advanceTimersByTimeAsync(0);
      expect([slow(), plain(), extract()]).toEqual([false, true, true]);
      await vi.advanceTimersByTimeAsync(SLOW_MS);
      expect(slow()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
