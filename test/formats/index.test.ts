import { describe, expect, it } from 'vitest';
import { BINARY_FORMAT_DETECTORS, FORMAT_DETECTORS } from '../../src/formats/detection.ts';
import { BINARY_FORMAT_HANDLERS, FORMAT_HANDLERS } from '../../src/formats/index.ts';
import type { BinaryFormatDetector, FormatDetector } from '../../src/formats/types.ts';
import { FORMAT_IDS } from '../../src/record.ts';

/** What detection reads of a format. */
const detection = ({ id, sniff, maxScore, split }: FormatDetector) => ({ id, sniff, maxScore, split });
const binaryDetection = ({ id, maxBytes, sniffBytes }: BinaryFormatDetector) => ({ id, maxBytes, sniffBytes });

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

describe('FORMAT_DETECTORS', () => {
  it('are the handlers as detection sees them, in the same order: the same sniff and split functions', () => {
    expect(FORMAT_DETECTORS.map(detection)).toEqual(FORMAT_HANDLERS.map(detection));
    FORMAT_DETECTORS.forEach((detector, i) => {
      expect(detector.sniff).toBe(FORMAT_HANDLERS[i].sniff);
      expect(detector.split).toBe(FORMAT_HANDLERS[i].split);
    });
  });

  it('recognise the binary formats as their handlers do', () => {
    expect(BINARY_FORMAT_DETECTORS.map(binaryDetection)).toEqual(BINARY_FORMAT_HANDLERS.map(binaryDetection));
    BINARY_FORMAT_DETECTORS.forEach((detector, i) => expect(detector.sniffBytes).toBe(BINARY_FORMAT_HANDLERS[i].sniffBytes));
  });
});
