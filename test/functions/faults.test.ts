import { afterEach, describe, expect, it, vi } from 'vitest';
import { crashHook } from '../../functions/shared/faults.ts';

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
});
