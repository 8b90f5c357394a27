/**
 * One vocabulary for entity types across annotation sources. PubTator
 * (CDR, PubTator3) writes `Disease`, `Chemical`, `Gene`, `Species`,
 * `Mutation`, `CellLine`; BioRED writes `DiseaseOrPhenotypicFeature`,
 * `ChemicalEntity`, `GeneOrGeneProduct`, `OrganismTaxon`, `SequenceVariant`,
 * `CellLine`. A record that holds the entities of more than one source names
 * them in this vocabulary and keeps each source's own spelling in
 * `Entity.sourceType`.
 */
export const ENTITY_TYPES = ['Chemical', 'Disease', 'Gene', 'Species', 'Variant', 'CellLine'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Source spellings, compared case- and separator-insensitively (`cell_line`, `Cell Line`). */
const SOURCE_TYPES: Record<string, EntityType> = {
  chemical: 'Chemical',
  chemicalentity: 'Chemical',
  drug: 'Chemical',
  simplechemical: 'Chemical',
  disease: 'Disease',
  diseaseorphenotypicfeature: 'Disease',
  phenotype: 'Disease',
  gene: 'Gene',
  geneorgeneproduct: 'Gene',
  geneproduct: 'Gene',
  protein: 'Gene',
  species: 'Species',
  organismtaxon: 'Species',
  organism: 'Species',
  variant: 'Variant',
  sequencevariant: 'Variant',
  mutation: 'Variant',
  dnamutation: 'Variant',
  proteinmutation: 'Variant',
  snp: 'Variant',
  cellline: 'CellLine',
};

/** The type in litstream's vocabulary; a type outside it is returned as the source spelled it. */
export function normalizeEntityType(sourceType: string): string {
  return SOURCE_TYPES[sourceType.toLowerCase().replace(/[\s_-]+/g, '')] ?? sourceType;
}
