/**
 * The record of a parsed document: its identity, and the design and metrics
 * read from its text (src/metrics), validated against the record's schema.
 * What the extract function runs, and `litstream parse` after the parse.
 */
import type { ParsedDocument } from './formats/types.ts';
import { classifyDesign, designTypeOfStudy, extractMetrics, readSentences } from './metrics/index.ts';
import { LitRecord, type Source } from './record.ts';

/** The record of a parsed document: identity, metrics and design added. */
export function buildRecord(parsed: ParsedDocument, source: Source, docId: string): LitRecord {
  // The design and the metrics read the same sentences: split and tested once.
  const sentences = readSentences(parsed.sections);
  const design = classifyDesign(parsed.sections, {
    format: parsed.format,
    publicationTypes: parsed.publicationTypes ?? [],
    meshHeadings: parsed.meshHeadings ?? [],
  }, sentences);
  const metrics = extractMetrics(parsed.sections, design, sentences);
  // A design type the text does not name is read from how the study was done, its extracted cohort included.
  const cohort = metrics.find((m) => m.name === 'cohort_size')?.value ?? null;
  design.type = designTypeOfStudy(design, cohort, parsed.sections, sentences);
  const record: LitRecord = {
    docId,
    status: 'extracted',
    format: parsed.format,
    source,
    ids: parsed.ids,
    title: parsed.title,
    ...(parsed.titleTranslations && Object.keys(parsed.titleTranslations).length > 0
      ? { titleTranslations: parsed.titleTranslations }
      : {}),
    language: parsed.language,
    authors: parsed.authors,
    journal: parsed.journal,
    published: parsed.published,
    sections: parsed.sections,
    entities: parsed.entities,
    metrics,
    design,
    relations: parsed.relations,
    references: parsed.references,
    warnings: parsed.warnings,
    rejection: null,
  };
  return LitRecord.parse(record);
}
