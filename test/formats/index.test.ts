import { describe, expect, it } from 'vitest';
import { FORMAT_HANDLERS } from '../../src/formats/index.ts';
import { FORMAT_IDS } from '../../src/record.ts';

describe('FORMAT_HANDLERS', () => {
  it('registers every format id once, except pdf (not supported yet)', () => {
    const ids = FORMAT_HANDLERS.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(FORMAT_IDS.filter((id) => id !== 'pdf').sort());
  });

  it('lists the plain-text fallback last', () => {
    expect(FORMAT_HANDLERS.at(-1)?.id).toBe('plain-text');
  });
});
