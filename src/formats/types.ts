import type { Author, Entity, FormatId, Ids, Reference, Relation, Section } from '../record.ts';

/**
 * What a format parser produces for one document: the record's descriptive
 * part. Identity (docId, source), metrics and design are added by
 * `buildRecord` in src/pipeline.ts, identically for every format.
 */
export interface ParsedDocument {
  format: FormatId;
  ids: Ids;
  title: string | null;
  titleTranslations?: Record<string, string>;
  language: string | null;
  authors: Author[];
  journal: string | null;
  /** ISO date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD. */
  published: string | null;
  /** Title first (label "TITLE") when there is one, then the body in reading order. */
  sections: Section[];
  /** Offsets relative to `sections[section].text`, verified. */
  entities: Entity[];
  relations: Relation[];
  references: Reference[];
  warnings: string[];
  /** Publication types carried by the source (PubMed, RIS TY), used to classify the design. */
  publicationTypes?: string[];
  /** MeSH descriptor names carried by the source. */
  meshHeadings?: string[];
}

/** One document inside a file: a byte range of the raw file, and its bytes. */
export interface DocumentUnit {
  index: number;
  /** Byte offset of the unit in the raw file (inclusive). */
  start: number;
  /** Byte offset of the unit's end in the raw file (exclusive). */
  end: number;
  bytes: Uint8Array;
}

/** What detection concluded about a whole file. */
export interface Detection {
  format: FormatId;
  /**
   * Text encoding of the raw bytes; units are decoded with it. `binary` for
   * a binary format (PDF): its units are the raw bytes, never decoded.
   */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'binary';
  warnings: string[];
}

/**
 * The part of a format that detect-format runs: recognising a file and
 * cutting it into documents. Registered in FORMAT_DETECTORS
 * (src/formats/detection.ts), which decides the order formats are asked in.
 * A format module exports it apart from its whole handler, as a literal of
 * top-level functions, so that a bundle of detection alone leaves out the
 * parser.
 */
export interface FormatDetector {
  readonly id: FormatId;
  /**
   * How sure (0..1) this handler is that `text` is its format. `text` is the
   * decoded head of the file (up to DETECT_HEAD_BYTES); `complete` is true
   * when it is the whole file. By content only, never by file name.
   */
  sniff(text: string, complete: boolean): number;
  /**
   * The highest score `sniff` ever returns, when below 1: detection does not
   * ask a handler that cannot beat the best score so far (ties go to the
   * earlier handler), which spares the prose sniffers on every XML file.
   * @default 1
   */
  readonly maxScore?: number;
  /**
   * Splits a multi-document file into units, streaming: memory stays bounded
   * by one unit plus one chunk, whatever the file size. `chunks` are UTF-8
   * bytes without BOM; offsets are relative to them. A truncated last
   * document is yielded as a unit of its own (its parse then rejects it as
   * `malformed`). Single-document formats leave this out: the whole file is
   * one unit.
   */
  split?(chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit>;
}

/**
 * One supported format: its detector's functions and its parser. Adding a
 * format is one file exporting a handler and its detector, one line in
 * src/formats/index.ts and one in src/formats/detection.ts.
 */
export interface FormatHandler extends FormatDetector {
  /** Parses one unit's text. Throws DocumentRejectedError('malformed', ...) when it does not parse. */
  parse(text: string): ParsedDocument;
}

/**
 * The part of a binary format that detect-format runs, registered in
 * BINARY_FORMAT_DETECTORS (src/formats/detection.ts).
 */
export interface BinaryFormatDetector {
  readonly id: FormatId;
  /** Largest file accepted, in bytes; a larger one is rejected as `too-large` at detection. */
  readonly maxBytes: number;
  /** Whether the head of a file (up to DETECT_HEAD_BYTES) is this format. */
  sniffBytes(head: Uint8Array): boolean;
}

/**
 * A binary format (PDF): recognised by its magic bytes rather than by
 * sniffing text, one document per file, parsed from the raw bytes and
 * asynchronously. Registered in BINARY_FORMAT_HANDLERS in src/formats/index.ts.
 */
export interface BinaryFormatHandler extends BinaryFormatDetector {
  /**
   * Parses one whole file. Throws DocumentRejectedError (`malformed`,
   * `too-large`, `no-text`, `unsupported-format`) for a file that can never
   * be read; never hangs (the handler enforces its own time budget).
   */
  parseBytes(bytes: Uint8Array): Promise<ParsedDocument>;
}
