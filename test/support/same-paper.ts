/**
 * One paper from two sources, as a pull writes it: its PubMed XML (efetch)
 * and its PubTator3 BioC JSON (export/biocjson), both keyed on one PMID, so
 * their records merge (src/merge.ts). Built from the recorded NCBI
 * responses in test/fixtures/ncbi/.
 */
import { readFileSync } from 'node:fs';

const PUBMED_XML = readFileSync('test/fixtures/ncbi/biopython-pubmed5.xml', 'utf8');
const PUBTATOR_DOC = JSON.parse(readFileSync('test/fixtures/ncbi/pubtator3-export-doc.json', 'utf8')) as Record<string, unknown>;

export function samePaperSources(pmid: string): { pubmedXml: string; biocJson: string } {
  return {
    // The article's own PMID is the first one; the others are its references'.
    pubmedXml: PUBMED_XML.replace(/<PMID Version="1">\d+<\/PMID>/, `<PMID Version="1">${pmid}</PMID>`),
    biocJson: JSON.stringify({ PubTator3: [{ ...PUBTATOR_DOC, _id: `${pmid}|None`, id: pmid, pmid: Number(pmid) }] }),
  };
}
