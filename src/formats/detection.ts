/**
 * Every supported format as detection sees it, in the order it is asked.
 * Detection asks each detector's `sniff` and takes the highest score (ties
 * go to the earlier entry), so the specific layouts come first and the
 * plain-text fallback last; the chosen format's `split` cuts the file.
 * Binary formats (PDF), recognised by magic bytes, are listed apart in
 * BINARY_FORMAT_DETECTORS and are asked first.
 *
 * This is what the detect-format function bundles: each entry is the
 * detection part of a format (see FormatDetector), so the parsers stay out
 * of it. They are in the parse registry, src/formats/index.ts, which lists
 * the same formats whole; a format is added to both.
 */
import { biocJsonDetector } from './bioc-json.ts';
import { biocXmlDetector } from './bioc-xml.ts';
import { conferenceAbstractDetector } from './conference-abstract.ts';
import { evidenceSummaryDetector } from './evidence-summary.ts';
import { jatsXmlDetector } from './jats-xml.ts';
import { medlineDetector } from './medline.ts';
import { metadataJsonDetector } from './metadata-json.ts';
import { pdfDetector } from './pdf.ts';
import { plainTextDetector } from './plain-text.ts';
import { pubmedXmlDetector } from './pubmed-xml.ts';
import { pubtatorDetector } from './pubtator.ts';
import { risDetector } from './ris.ts';
import { structuredAbstractDetector } from './structured-abstract.ts';
import type { BinaryFormatDetector, FormatDetector } from './types.ts';

export const FORMAT_DETECTORS: readonly FormatDetector[] = [
  pubmedXmlDetector,
  jatsXmlDetector,
  biocXmlDetector,
  biocJsonDetector,
  pubtatorDetector,
  medlineDetector,
  risDetector,
  metadataJsonDetector,
  conferenceAbstractDetector,
  evidenceSummaryDetector,
  structuredAbstractDetector,
  plainTextDetector,
];

export const BINARY_FORMAT_DETECTORS: readonly BinaryFormatDetector[] = [pdfDetector];
