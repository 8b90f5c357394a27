/**
 * Every supported format, whole: the parse registry. Parsing looks a
 * document's format up here by its id; detection asks the same formats'
 * detectors, in their order of precedence, in src/formats/detection.ts.
 * Adding a format: one file exporting a FormatHandler and its
 * FormatDetector, one line here and one there. Binary formats (PDF),
 * recognised by magic bytes and parsed from raw bytes, are listed apart in
 * BINARY_FORMAT_HANDLERS.
 */
import { biocJson } from './bioc-json.ts';
import { biocXml } from './bioc-xml.ts';
import { conferenceAbstract } from './conference-abstract.ts';
import { evidenceSummary } from './evidence-summary.ts';
import { jatsXml } from './jats-xml.ts';
import { medline } from './medline.ts';
import { metadataJson } from './metadata-json.ts';
import { pdf } from './pdf.ts';
import { plainText } from './plain-text.ts';
import { pubmedXml } from './pubmed-xml.ts';
import { pubtator } from './pubtator.ts';
import { ris } from './ris.ts';
import { structuredAbstract } from './structured-abstract.ts';
import type { BinaryFormatHandler, FormatHandler } from './types.ts';

export const FORMAT_HANDLERS: readonly FormatHandler[] = [
  pubmedXml,
  jatsXml,
  biocXml,
  biocJson,
  pubtator,
  medline,
  ris,
  metadataJson,
  conferenceAbstract,
  evidenceSummary,
  structuredAbstract,
  plainText,
];

export const BINARY_FORMAT_HANDLERS: readonly BinaryFormatHandler[] = [pdf];
