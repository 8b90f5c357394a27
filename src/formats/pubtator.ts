/**
 * PubTator: `PMID|t|title`, `PMID|a|abstract`, then tab-separated annotation
 * lines (PMID, start, end, mention, type, identifier[, extra columns]) and
 * relation lines (PMID, type, id, id, …). A file holds many documents
 * separated by blank lines (the NCBI Disease and BioCreative CDR corpora,
 * PubTator exports).
 *
 * Annotation offsets count characters of `title + " " + abstract`; they are
 * mapped onto the record's sections (TITLE, then the abstract split at its
 * labels) and kept only when the mapped span spells the mention exactly.
 */
import { DocumentRejectedError } from '../errors.ts';
import { MAX_DOCUMENT_BYTES } from '../limits.ts';
import type { Entity, Relation, Section } from '../record.ts';
import { splitAtLabels } from './section-labels.ts';
import { splitBlankLineSeparated } from './split-lines.ts';
import { guessLanguage } from './text.ts';
import type { DocumentUnit, FormatDetector, FormatHandler, ParsedDocument } from './types.ts';

const TITLE_LINE = /^([^\s|]+)\|t\|(.*)$/;
const ABSTRACT_LINE = /^([^\s|]+)\|a\|(.*)$/;
const INTEGER = /^\d+$/;

/** A line of the abstract-level annotation block, in source offsets. */
interface Annotation {
  start: number;
  end: number;
  text: string;
  type: string;
  id: string | null;
}

/** A section and where its text begins in `title + " " + abstract`. */
interface PlacedSection extends Section {
  sourceStart: number;
}

function sniff(text: string): number {
  const lines = text.replace(/^\s+/, '').split('\n', 3);
  if (!TITLE_LINE.test(lines[0] ?? '')) return 0;
  return ABSTRACT_LINE.test(lines[1] ?? '') ? 0.99 : 0.9;
}

function split(chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit> {
  return splitBlankLineSeparated(chunks, MAX_DOCUMENT_BYTES, startsWithTitleMarker);
}

function parse(text: string): ParsedDocument {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const titleMatch = TITLE_LINE.exec(lines[0] ?? '');
  if (!titleMatch) throw new DocumentRejectedError('malformed', 'PubTator document does not start with a PMID|t| title line');
  const abstractMatch = ABSTRACT_LINE.exec(lines[1] ?? '');
  if (!abstractMatch) throw new DocumentRejectedError('malformed', `PubTator document ${titleMatch[1]} has no PMID|a| abstract line (truncated?)`);
  const docId = titleMatch[1];
  const warnings: string[] = [];
  const sections = placeSections(titleMatch[2], abstractMatch[2]);
  const annotations: Annotation[] = [];
  const relations: Relation[] = [];
  for (const line of lines.slice(2)) {
    const columns = line.split('\t');
    if (columns[0].trim() !== docId) warnings.push(`line for ${columns[0].trim()} inside document ${docId}`);
    if (INTEGER.test(columns[1] ?? '')) annotations.push(parseAnnotation(columns, line));
    else relations.push(parseRelation(columns, line));
  }
  const entities = annotations.flatMap((annotation) => {
    const entity = placeEntity(annotation, sections);
    if (!entity) warnings.push(`annotation "${annotation.text}" at ${annotation.start}-${annotation.end} does not match the text; dropped`);
    return entity ? [entity] : [];
  });
  const parsed: ParsedDocument = {
    format: 'pubtator',
    ids: { pmid: INTEGER.test(docId) ? docId : null, doi: null, pmcid: null },
    title: sections[0].label === 'TITLE' ? sections[0].text : null,
    language: guessLanguage(`${titleMatch[2]} ${abstractMatch[2]}`),
    authors: [],
    journal: null,
    published: null,
    sections: sections.map(({ label, text: sectionText }) => ({ label, text: sectionText })),
    entities,
    relations,
    references: [],
    warnings,
  };
  return parsed;
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const pubtatorDetector: FormatDetector = { id: 'pubtator', sniff, split };

export const pubtator: FormatHandler = { id: 'pubtator', sniff, split, parse };

/** Whether a raw line opens a document (`PMID|t|`): lets the split survive files without blank lines. */
function startsWithTitleMarker(line: Uint8Array): boolean {
  const bar = line.subarray(0, 64).indexOf(0x7c);
  if (bar <= 0 || line[bar + 1] !== 0x74 || line[bar + 2] !== 0x7c) return false;
  return !line.subarray(0, bar).some((b) => b === 0x20 || b === 0x09);
}

/** TITLE (when not blank), then the abstract at its labels, or one ABSTRACT section. */
function placeSections(title: string, abstract: string): PlacedSection[] {
  const sections: PlacedSection[] = [];
  const titleText = title.trim();
  if (titleText) sections.push({ label: 'TITLE', text: titleText, sourceStart: title.indexOf(titleText) });
  const abstractStart = title.length + 1;
  for (const span of splitAtLabels(abstract)) {
    sections.push({ label: span.label ?? 'ABSTRACT', text: abstract.slice(span.start, span.end), sourceStart: abstractStart + span.start });
  }
  if (sections.length === 0) throw new DocumentRejectedError('malformed', 'PubTator document has neither title nor abstract text');
  return sections;
}

function parseAnnotation(columns: string[], line: string): Annotation {
  if (columns.length < 5 || !INTEGER.test(columns[2])) {
    throw new DocumentRejectedError('malformed', `PubTator annotation line is incomplete: ${line.slice(0, 120)}`);
  }
  const id = columns[5]?.trim() ?? '';
  return {
    start: Number(columns[1]),
    end: Number(columns[2]),
    text: columns[3],
    type: columns[4].trim(),
    // "-" (and an empty column) is PubTator's "no identifier". Composite
    // mentions keep every id ("D002318|D012131"); later columns (the parts
    // of a composite mention) are not part of the record.
    id: id === '' || id === '-' ? null : id,
  };
}

function parseRelation(columns: string[], line: string): Relation {
  const ids = columns.slice(2).map((c) => c.trim()).filter((c) => c !== '');
  if (!columns[1]?.trim() || ids.length === 0) {
    throw new DocumentRejectedError('malformed', `PubTator line is neither an annotation nor a relation: ${line.slice(0, 120)}`);
  }
  return { type: columns[1].trim(), ids };
}

/** The entity in section coordinates, or null when no section spells the mention at that place. */
function placeEntity(annotation: Annotation, sections: PlacedSection[]): Entity | null {
  for (const [index, section] of sections.entries()) {
    const start = annotation.start - section.sourceStart;
    const end = annotation.end - section.sourceStart;
    if (start < 0 || end > section.text.length) continue;
    if (section.text.slice(start, end) !== annotation.text) return null;
    return { text: annotation.text, type: annotation.type, id: annotation.id, section: index, start, end };
  }
  return null;
}
