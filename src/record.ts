/**
 * The normalized record: one per document, whatever its source format.
 * The field names are a public contract (see README, "The record"): the CLI
 * prints it, the pipeline stores it, automated checks read it.
 */
// A namespace import, not `{ z }`: esbuild can then leave out what the
// schemas never use (see src/zod.ts).
import * as z from './zod.ts';

export const FORMAT_IDS = [
  'pubtator',
  'pubmed-xml',
  'medline',
  'bioc-xml',
  'bioc-json',
  'jats-xml',
  'ris',
  'metadata-json',
  'conference-abstract',
  'structured-abstract',
  'evidence-summary',
  'plain-text',
  'pdf',
] as const;
export const FormatId = z.enum(FORMAT_IDS);
export type FormatId = z.infer<typeof FormatId>;

export const METRIC_NAMES = [
  'cohort_size',
  'subgroup_size',
  'median_age',
  'mean_age',
  'median_follow_up',
  'mean_follow_up',
  'median_os',
  'median_pfs',
  'median_rfs',
  'median_dfs',
  'survival_rate',
  'recurrence_rate',
  'response_rate',
  'clinical_benefit_rate',
  'proportion',
  'hazard_ratio',
  'odds_ratio',
  'relative_risk',
  'p_value',
] as const;
export const MetricName = z.enum(METRIC_NAMES);
export type MetricName = z.infer<typeof MetricName>;

export const REJECTION_CODES = ['unsupported-format', 'empty', 'too-large', 'malformed', 'decode-error', 'no-text'] as const;
export const RejectionCode = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const Section = z.object({
  label: z.string(),
  text: z.string(),
});
export type Section = z.infer<typeof Section>;

/** A span inside `sections[section].text`, end exclusive. */
const Span = {
  section: z.number().check(z.int(), z.nonnegative()),
  start: z.number().check(z.int(), z.nonnegative()),
  end: z.number().check(z.int(), z.nonnegative()),
};

export const Entity = z.object({
  text: z.string(),
  /** The type; in a record merged from several sources, in one vocabulary (`ENTITY_TYPES` in src/entity-types.ts). */
  type: z.string(),
  id: z.nullable(z.string()),
  /** The format of the source that annotated it; set when a record holds the entities of more than one source. */
  source: z.optional(FormatId),
  /** The type as that source spelled it (`DiseaseOrPhenotypicFeature`), set with `source`. */
  sourceType: z.optional(z.string()),
  ...Span,
});
export type Entity = z.infer<typeof Entity>;

export const Metric = z.object({
  name: MetricName,
  value: z.number(),
  unit: z.optional(z.nullable(z.string())),
  group: z.optional(z.nullable(z.string())),
  low: z.optional(z.nullable(z.number())),
  high: z.optional(z.nullable(z.number())),
  /** p-value when stated; with `pBound` set the text gave a bound ("p < 0.001"), not an exact value. */
  p: z.optional(z.nullable(z.number())),
  pBound: z.optional(z.nullable(z.enum(['<', '<=', '>', '>=']))),
  count: z.optional(z.nullable(z.number())),
  /** The reference group of a ratio or an "X versus Y" comparison, as the text names it. */
  comparator: z.optional(z.nullable(z.string())),
  /** The time point of a rate in months ("5-year OS" is 60). */
  timepointMonths: z.optional(z.nullable(z.number())),
  /** Id of the extraction rule that produced the metric (e.g. `ratio.hr-paren-ci`). */
  rule: z.optional(z.string()),
  ...Span,
});
export type Metric = z.infer<typeof Metric>;

export const DESIGN_TYPES = [
  'randomized-controlled-trial',
  'non-randomized-trial',
  'cohort',
  'case-control',
  'cross-sectional',
  'case-series',
  'case-report',
  'systematic-review',
  'meta-analysis',
  'narrative-review',
  'guideline',
  'qualitative',
  'protocol',
  'animal',
  'in-vitro',
  'other',
] as const;
export const DesignType = z.enum(DESIGN_TYPES);
export type DesignType = z.infer<typeof DesignType>;

export const SUBJECTS = ['humans', 'animals', 'cells'] as const;

/** Each flag is true or false only when the text says so, else null. */
export const Design = z.object({
  retrospective: z.nullable(z.boolean()),
  prospective: z.nullable(z.boolean()),
  randomized: z.nullable(z.boolean()),
  centers: z.nullable(z.enum(['single', 'multi'])),
  periodStart: z.nullable(z.number().check(z.int())),
  periodEnd: z.nullable(z.number().check(z.int())),
  type: z.nullable(DesignType),
  subjects: z.nullable(z.enum(SUBJECTS)),
});
export type Design = z.infer<typeof Design>;

export const Author = z.object({
  name: z.string(),
  affiliations: z.array(z.string()),
});
export type Author = z.infer<typeof Author>;

export const Ids = z.object({
  pmid: z.nullable(z.string()),
  doi: z.nullable(z.string()),
  pmcid: z.nullable(z.string()),
});
export type Ids = z.infer<typeof Ids>;

export const Relation = z.object({
  type: z.string(),
  ids: z.array(z.string()),
});
export type Relation = z.infer<typeof Relation>;

export const Reference = z.object({
  n: z.number().check(z.int()),
  text: z.string(),
});
export type Reference = z.infer<typeof Reference>;

export const Rejection = z.object({
  code: RejectionCode,
  message: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;

export const Source = z.object({
  key: z.string(),
  index: z.number().check(z.int(), z.nonnegative()),
});
export type Source = z.infer<typeof Source>;

export const LitRecord = z.object({
  docId: z.string().check(z.regex(/^(pmid:\d+|doi:\S+|sha256:[0-9a-f]{16})$/)),
  status: z.enum(['extracted', 'rejected']),
  format: z.nullable(FormatId),
  source: Source,
  ids: Ids,
  title: z.nullable(z.string()),
  titleTranslations: z.optional(z.record(z.string(), z.string())),
  language: z.nullable(z.string()),
  authors: z.array(Author),
  journal: z.nullable(z.string()),
  published: z.nullable(z.string().check(z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/))),
  sections: z.array(Section),
  entities: z.array(Entity),
  metrics: z.array(Metric),
  design: z.nullable(Design),
  relations: z.array(Relation),
  references: z.array(Reference),
  warnings: z.array(z.string()),
  rejection: z.nullable(Rejection),
});
export type LitRecord = z.infer<typeof LitRecord>;
