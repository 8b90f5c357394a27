import { describe, expect, it } from 'vitest';
import { BINARY_FORMAT_HANDLERS, FORMAT_HANDLERS } from '../../src/formats/index.ts';
import { FORMAT_IDS } from '../../src/record.ts';

describe('FORMAT_HANDLERS', () => {
  it('registers every format id once, the binary ones (pdf) in their own list', () => {
    const ids = [...FORMAT_HANDLERS, ...BINARY_FORMAT_HANDLERS].map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...FORMAT_IDS].sort());
    expect(BINARY_FORMAT_HANDLERS.map((h) => h.id)).toEqual(['pdf']);
  });

  it('lists the plain-text fallback last', () => {
    expect(FORMAT_HANDLERS.at(-1)?.id).toBe('plain-text');
  });
});
