/**
 * BioC XML: a `<collection>` of `<document>`s. `split` yields the bytes of
 * each document; `parse` reads one document (given a whole collection, the
 * first document only).
 */
import { DocumentRejectedError } from '../errors.ts';
import { biocToParsed, type BiocAnnotation, type BiocDocument, type BiocPassage, type BiocRelation, type Infons } from './bioc.ts';
import type { DocumentUnit, FormatDetector, FormatHandler, ParsedDocument } from './types.ts';
import { child, children, parseXmlElement, rawText, splitXmlElements, textOf, xmlRootName, type XmlElement } from './xml.ts';

function infons(el: XmlElement): Infons {
  const out: Infons = {};
  for (const i of children(el, 'infon')) {
    const key = i.attrs.key;
    if (key !== undefined && !(key in out)) out[key] = textOf(i);
  }
  return out;
}

function integer(el: XmlElement | undefined, what: string): number {
  const v = Number(textOf(el));
  if (!el || !Number.isInteger(v)) throw new DocumentRejectedError('malformed', `BioC ${what} is not an integer`);
  return v;
}

function attrInt(el: XmlElement, name: string): number {
  const v = Number(el.attrs[name]);
  if (!Number.isInteger(v)) throw new DocumentRejectedError('malformed', `BioC location ${name} is not an integer`);
  return v;
}

function annotation(el: XmlElement): BiocAnnotation {
  return {
    id: el.attrs.id ?? '',
    infons: infons(el),
    // Annotation and passage text is kept exactly: offsets index into it.
    text: rawText(child(el, 'text')),
    locations: children(el, 'location').map((l) => ({ offset: attrInt(l, 'offset'), length: attrInt(l, 'length') })),
  };
}

function relation(el: XmlElement): BiocRelation {
  return {
    id: el.attrs.id ?? '',
    infons: infons(el),
    nodes: children(el, 'node').map((n) => ({ refid: n.attrs.refid ?? '', role: n.attrs.role ?? '' })),
  };
}

function passage(el: XmlElement): BiocPassage {
  return {
    infons: infons(el),
    offset: integer(child(el, 'offset'), 'passage offset'),
    text: rawText(child(el, 'text')),
    annotations: children(el, 'annotation').map(annotation),
    relations: children(el, 'relation').map(relation),
  };
}

export function readBiocXmlDocument(el: XmlElement): BiocDocument {
  return {
    id: textOf(child(el, 'id')),
    infons: infons(el),
    passages: children(el, 'passage').map(passage),
    relations: children(el, 'relation').map(relation),
    meta: {},
  };
}

function sniff(text: string): number {
  const { root, doctype } = xmlRootName(text);
  if (root === 'collection' && (/<document[\s>]/.test(text) || doctype === 'collection' || /BioC\.dtd/.test(text))) return 0.95;
  if (root === 'document' && /<passage[\s>]/.test(text)) return 0.8;
  return 0;
}

function split(chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit> {
  return splitXmlElements(chunks, ['document']);
}

function parse(text: string): ParsedDocument {
  const { root, warnings } = parseXmlElement(text, ['document']);
  const parsed = biocToParsed(readBiocXmlDocument(root), 'bioc-xml');
  parsed.warnings.unshift(...warnings);
  return parsed;
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const biocXmlDetector: FormatDetector = { id: 'bioc-xml', sniff, split };

export const biocXml: FormatHandler = { id: 'bioc-xml', sniff, split, parse };
