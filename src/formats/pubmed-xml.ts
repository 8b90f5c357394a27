/**
 * PubMed efetch XML (`<PubmedArticleSet>` of `<PubmedArticle>` and
 * `<PubmedBookArticle>`). `split` yields the bytes of each article; `parse`
 * reads one article (given a whole file, it reads the first article only and
 * builds no tree for the rest).
 */
import { DocumentRejectedError } from '../errors.ts';
import type { Author, Reference, Section } from '../record.ts';
import { isoDate, languageCode, makeIds, withTitle } from './bibliographic.ts';
import type { DocumentUnit, FormatDetector, FormatHandler, ParsedDocument } from './types.ts';
import { child, children, parseXmlElement, path, splitXmlElements, textOf, textOrNull, xmlRootName, type XmlElement } from './xml.ts';

const ARTICLE_ELEMENTS = ['PubmedArticle', 'PubmedBookArticle'] as const;

function authorName(author: XmlElement): string | null {
  const collective = textOrNull(child(author, 'CollectiveName'));
  if (collective) return collective;
  const last = textOf(child(author, 'LastName'));
  const first = textOf(child(author, 'ForeName')) || textOf(child(author, 'Initials'));
  const suffix = textOf(child(author, 'Suffix'));
  const name = [first, last, suffix].filter(Boolean).join(' ');
  return name || null;
}

function authors(list: XmlElement | undefined): Author[] {
  const out: Author[] = [];
  for (const author of children(list, 'Author')) {
    const name = authorName(author);
    if (!name) continue;
    const affiliations = children(author, 'AffiliationInfo')
      .map((info) => textOf(child(info, 'Affiliation')))
      .filter(Boolean);
    out.push({ name, affiliations });
  }
  return out;
}

/** Abstract sections: each AbstractText, its Label upper-cased, unlabelled → ABSTRACT. */
function abstractSections(abstract: XmlElement | undefined): Section[] {
  const out: Section[] = [];
  for (const part of children(abstract, 'AbstractText')) {
    const text = textOf(part);
    if (!text) continue;
    const label = (part.attrs.Label ?? '').trim().toUpperCase() || 'ABSTRACT';
    out.push({ label, text });
  }
  return out;
}

/** PubDate → ISO; MedlineDate ("1998 Dec-1999 Jan", a range or season) → its first year only. */
function pubDate(date: XmlElement | undefined): string | null {
  if (!date) return null;
  const medline = textOrNull(child(date, 'MedlineDate'));
  if (medline) return /\b(\d{4})\b/.exec(medline)?.[1] ?? null;
  return isoDate(textOf(child(date, 'Year')), textOf(child(date, 'Month')), textOf(child(date, 'Day')));
}

function articleIds(list: XmlElement | undefined): Map<string, string> {
  const ids = new Map<string, string>();
  for (const id of children(list, 'ArticleId')) {
    const type = (id.attrs.IdType ?? '').toLowerCase();
    if (type && !ids.has(type)) ids.set(type, textOf(id));
  }
  return ids;
}

function references(pubmedData: XmlElement | undefined): Reference[] {
  const out: Reference[] = [];
  for (const list of children(pubmedData, 'ReferenceList')) {
    for (const ref of children(list, 'Reference')) {
      const text = textOf(child(ref, 'Citation'));
      if (text) out.push({ n: out.length + 1, text });
    }
  }
  return out;
}

function listTexts(list: XmlElement | undefined, itemName: string, pick?: (item: XmlElement) => XmlElement | undefined): string[] {
  return children(list, itemName)
    .map((item) => textOf(pick ? pick(item) : item))
    .filter(Boolean);
}

/** Languages of the article: the first that maps to ISO 639-1. */
function language(parent: XmlElement | undefined): string | null {
  for (const lang of children(parent, 'Language')) {
    const code = languageCode(textOf(lang));
    if (code) return code;
  }
  return null;
}

function parseJournalArticle(root: XmlElement, warnings: string[]): ParsedDocument {
  const citation = child(root, 'MedlineCitation');
  const article = child(citation, 'Article');
  if (!citation || !article) throw new DocumentRejectedError('malformed', 'PubmedArticle has no MedlineCitation/Article');
  const pubmedData = child(root, 'PubmedData');
  const ids = articleIds(child(pubmedData, 'ArticleIdList'));
  const elocationDoi = children(article, 'ELocationID').find((e) => e.attrs.EIdType === 'doi');
  const title = textOrNull(child(article, 'ArticleTitle'));
  const lang = language(article);
  const vernacular = textOrNull(child(article, 'VernacularTitle'));
  return {
    format: 'pubmed-xml',
    ids: makeIds(textOf(child(citation, 'PMID')) || ids.get('pubmed'), ids.get('doi') ?? textOf(elocationDoi), ids.get('pmc')),
    title,
    ...(vernacular && lang && lang !== 'en' ? { titleTranslations: { [lang]: vernacular } } : {}),
    language: lang,
    authors: authors(children(article, 'AuthorList').find((l) => l.attrs.Type !== 'editors')),
    journal: textOrNull(path(article, 'Journal', 'Title')),
    published: pubDate(path(article, 'Journal', 'JournalIssue', 'PubDate')) ?? articleDate(article),
    sections: withTitle(title, abstractSections(child(article, 'Abstract'))),
    entities: [],
    relations: [],
    references: references(pubmedData),
    warnings,
    publicationTypes: listTexts(child(article, 'PublicationTypeList'), 'PublicationType'),
    meshHeadings: listTexts(child(citation, 'MeshHeadingList'), 'MeshHeading', (h) => child(h, 'DescriptorName')),
  };
}

function articleDate(article: XmlElement): string | null {
  const date = child(article, 'ArticleDate');
  return date ? isoDate(textOf(child(date, 'Year')), textOf(child(date, 'Month')), textOf(child(date, 'Day'))) : null;
}

/** PubmedBookArticle: a chapter or book from the NCBI Bookshelf. */
function parseBookArticle(root: XmlElement, warnings: string[]): ParsedDocument {
  const doc = child(root, 'BookDocument');
  if (!doc) throw new DocumentRejectedError('malformed', 'PubmedBookArticle has no BookDocument');
  const book = child(doc, 'Book');
  const ids = articleIds(child(child(root, 'PubmedBookData'), 'ArticleIdList'));
  const title = textOrNull(child(doc, 'ArticleTitle')) ?? textOrNull(child(book, 'BookTitle'));
  return {
    format: 'pubmed-xml',
    ids: makeIds(textOf(child(doc, 'PMID')) || ids.get('pubmed'), ids.get('doi'), ids.get('pmc')),
    title,
    language: language(doc),
    authors: authors(children(doc, 'AuthorList').find((l) => l.attrs.Type !== 'editors') ?? child(book, 'AuthorList')),
    journal: null,
    published: pubDate(child(book, 'PubDate')),
    sections: withTitle(title, abstractSections(child(doc, 'Abstract'))),
    entities: [],
    relations: [],
    references: references(root),
    warnings,
    publicationTypes: listTexts(doc, 'PublicationType'),
    meshHeadings: [],
  };
}

function sniff(text: string): number {
  const { root, doctype } = xmlRootName(text);
  if (root === 'PubmedArticleSet' || root === 'PubmedArticle' || root === 'PubmedBookArticle') return 0.95;
  if (doctype === 'PubmedArticleSet') return 0.9;
  return /<PubmedArticle[\s>]/.test(text) && /<MedlineCitation[\s>]/.test(text) ? 0.6 : 0;
}

function split(chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit> {
  return splitXmlElements(chunks, ARTICLE_ELEMENTS);
}

function parse(text: string): ParsedDocument {
  const { root, warnings } = parseXmlElement(text, ARTICLE_ELEMENTS);
  return root.name === 'PubmedBookArticle' ? parseBookArticle(root, warnings) : parseJournalArticle(root, warnings);
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const pubmedXmlDetector: FormatDetector = { id: 'pubmed-xml', sniff, split };

export const pubmedXml: FormatHandler = { id: 'pubmed-xml', sniff, split, parse };
