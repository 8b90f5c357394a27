// HTML for each part of the dashboard page, built from API data. Pure
// functions of their arguments (no DOM), so Node tests can call them too.
// Every string from the API goes through esc() before it goes into HTML, and
// no markup here carries an inline style or script: the page's
// Content-Security-Policy would refuse them. Computed sizes (the throughput
// bars) travel in data- attributes and app.js applies them through the CSSOM.

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export const fmt = (n) => (n === null || n === undefined || n === '' ? '' : String(n));

export function stagesHtml({ stages, totals }) {
  const states = Object.keys(totals);
  const head = `<tr><th>stage</th>${states.map((s) => `<th class="num">${esc(s)}</th>`).join('')}</tr>`;
  const rows = Object.entries(stages)
    .map(([stage, counts]) => `<tr><th>${esc(stage)}</th>${states.map((s) => `<td class="num state-${esc(s)}">${esc(counts[s])}</td>`).join('')}</tr>`)
    .join('');
  const total = `<tr class="total"><th>all</th>${states.map((s) => `<td class="num">${esc(totals[s])}</td>`).join('')}</tr>`;
  return `<table>${head}${rows}${total}</table>`;
}

export function queuesHtml(queues) {
  if (queues.length === 0) return '<p class="muted">No queues in the stack outputs.</p>';
  const rows = queues
    .map((q) => {
      const dlq = q.deadLetter;
      const dlqCell = dlq ? `<td class="num ${dlq.visible > 0 ? 'alert' : ''}" data-dlq="${esc(q.name)}">${esc(dlq.visible)}</td>` : '<td class="num muted">–</td>';
      const action =
        q.canRedrive && dlq && dlq.visible > 0
          ? `<button class="redrive" data-queue="${esc(q.name)}">Redrive ${esc(dlq.visible)}</button>`
          : '';
      return `<tr><th>${esc(q.name)}</th><td class="num">${esc(q.visible)}</td><td class="num">${esc(q.inFlight)}</td><td class="num">${esc(q.delayed)}</td>${dlqCell}<td>${action}</td></tr>`;
    })
    .join('');
  return `<table><tr><th>queue</th><th class="num">visible</th><th class="num">in flight</th><th class="num">delayed</th><th class="num">dead-letter</th><th></th></tr>${rows}</table>`;
}

/** Bars whose heights (percent of the busiest minute) are in data-height. */
export function throughputHtml(points) {
  const max = Math.max(1, ...points.map((p) => p.extracted));
  const bars = points
    .map((p) => {
      const h = Math.round((p.extracted / max) * 100);
      return `<div class="bar" title="${esc(p.minute.slice(11))} UTC: ${esc(p.extracted)} extracted"><span data-height="${esc(h)}"></span><small>${esc(p.extracted || '')}</small></div>`;
    })
    .join('');
  const first = points[0]?.minute.slice(11) ?? '';
  const last = points.at(-1)?.minute.slice(11) ?? '';
  return `<div class="bars" role="img" aria-label="extracted documents per minute">${bars}</div><div class="axis"><span>${esc(first)}</span><span>${esc(last)} UTC</span></div>`;
}

export function formatsHtml(formats) {
  if (formats.length === 0) return '<p class="muted">No records yet.</p>';
  const rows = formats.map((f) => `<tr><th>${esc(f.format)}</th><td class="num">${esc(f.extracted)}</td><td class="num">${esc(f.rejected)}</td></tr>`).join('');
  return `<table><tr><th>format</th><th class="num">extracted</th><th class="num">rejected</th></tr>${rows}</table>`;
}

export function failuresHtml(failures) {
  if (failures.length === 0) return '<p class="muted">No failures or rejections.</p>';
  const rows = failures
    .map(
      (f) =>
        `<tr class="${esc(f.kind)}" ${f.docId ? `data-doc="${esc(f.docId)}"` : ''}><td>${esc(f.at.replace('T', ' ').slice(0, 19))}</td><td>${esc(f.kind)}</td><td><code>${esc(f.code)}</code></td><td class="reason">${esc(f.message)}</td><td>${esc(f.docId ?? '')}</td><td class="source">${esc(f.source ?? '')}</td></tr>`,
    )
    .join('');
  return `<table id="failures-table"><tr><th>when</th><th>kind</th><th>code</th><th>reason</th><th>document</th><th>source</th></tr>${rows}</table>`;
}

/** "Showing 51–100 of 713" and the page buttons; `list` names the list the buttons page. */
export function pagerHtml(list, page) {
  if (page.total === 0) return `<p class="muted pager" data-list="${esc(list)}">No matches.</p>`;
  const from = (page.page - 1) * page.pageSize + 1;
  const to = from + page.items.length - 1;
  const button = (n, label, disabled) =>
    `<button type="button" class="page" data-list="${esc(list)}" data-page="${esc(n)}"${disabled ? ' disabled' : ''}>${esc(label)}</button>`;
  const buttons =
    page.pages > 1
      ? `${button(1, '« first', page.page === 1)}${button(page.page - 1, '‹ previous', page.page === 1)}<span class="page-of">page ${esc(page.page)} of ${esc(page.pages)}</span>${button(page.page + 1, 'next ›', page.page === page.pages)}${button(page.pages, 'last »', page.page === page.pages)}`
      : '';
  return `<div class="pager" data-list="${esc(list)}"><span class="muted">Showing ${esc(from)}–${esc(to)} of ${esc(page.total)}</span>${buttons}</div>`;
}

function sortHeader(list, key, label, num, page) {
  const active = page.sort === key;
  const mark = active ? (page.order === 'desc' ? ' ▼' : ' ▲') : '';
  const aria = active ? ` aria-sort="${page.order === 'desc' ? 'descending' : 'ascending'}"` : '';
  return `<th class="sortable${num ? ' num' : ''}" data-list="${esc(list)}" data-sort="${esc(key)}" tabindex="0"${aria}>${esc(label)}${mark}</th>`;
}

const designText = (type) => (given(type) ? String(type).replaceAll('-', ' ') : '');

/** [row key, header, numeric]: the documents table's columns, each sortable on the server. */
export const DOCUMENT_COLUMNS = [
  ['docId', 'document'],
  ['title', 'title'],
  ['year', 'year', true],
  ['format', 'format'],
  ['designType', 'design'],
  ['status', 'status'],
  ['cohortSize', 'cohort', true],
  ['sections', 'sections', true],
  ['entities', 'entities', true],
  ['metrics', 'metrics', true],
];

/** One page of documents (the API's page object), server-sorted. */
export function documentsHtml(page) {
  const head = DOCUMENT_COLUMNS.map(([key, label, num]) => sortHeader('documents', key, label, num, page)).join('');
  const rows = page.items
    .map((d) => {
      const cells = DOCUMENT_COLUMNS.map(([key, , num]) => {
        const v = key === 'designType' ? designText(d.designType) : d[key];
        return `<td class="${num ? 'num ' : ''}col-${esc(key)}">${esc(fmt(v))}</td>`;
      }).join('');
      return `<tr data-doc="${esc(d.docId)}" tabindex="0" class="clickable status-${esc(d.status)}">${cells}</tr>`;
    })
    .join('');
  return `${pagerHtml('documents', page)}<table id="documents-table"><tr>${head}</tr>${rows}</table>`;
}

/** [row key, header, numeric]: the evidence table's columns, each sortable. */
export const EVIDENCE_COLUMNS = [
  ['docId', 'document'],
  ['title', 'title'],
  ['name', 'metric'],
  ['value', 'value', true],
  ['unit', 'unit'],
  ['group', 'group'],
  ['comparator', 'comparator'],
  ['timepointMonths', 'timepoint (months)', true],
  ['low', 'low', true],
  ['high', 'high', true],
  ['p', 'p', true],
  ['spanText', 'span'],
  ['rule', 'rule'],
];

export function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

const pText = (m) => (m.p === null || m.p === undefined ? '' : `${m.pBound ?? ''}${m.pBound ? ' ' : ''}${m.p}`);

/** One page of evidence rows (the API's page object), server-sorted. */
export function evidenceHtml(page) {
  const head = EVIDENCE_COLUMNS.map(([key, label, num]) => sortHeader('evidence', key, label, num, page)).join('');
  const body = page.items
    .map((r) => {
      const cells = EVIDENCE_COLUMNS.map(([key, , num]) => {
        const v = key === 'p' ? pText(r) : r[key];
        return `<td class="${num ? 'num' : ''} col-${esc(key)}">${esc(fmt(v))}</td>`;
      }).join('');
      return `<tr data-doc="${esc(r.docId)}" tabindex="0" class="clickable">${cells}</tr>`;
    })
    .join('');
  return `${pagerHtml('evidence', page)}<table id="evidence-table"><tr>${head}</tr>${body}</table>`;
}

export const RATIO_METRICS = ['hazard_ratio', 'odds_ratio', 'relative_risk'];
const num = (n) => String(Math.round(n * 10) / 10);

/** Log-scale ticks inside [lo, hi]: 1, 2, 5 times powers of ten, thinned to at most 7. */
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(Number(t.toPrecision(3)));
    }
  }
  const step = Math.ceil(ticks.length / 7);
  return ticks.filter((t, i) => t === 1 || i % step === 0);
}

/**
 * A forest plot of ratio rows: one row per study and group, the point and
 * its CI on a log axis with the line of no effect at 1. Each row is a
 * keyboard-reachable <g data-doc> with the span text as its <title>.
 * Geometry is in SVG attributes only (the policy refuses style attributes).
 */
export function forestPlotSvg(rows, metric) {
  const usable = rows.filter((r) => r.value > 0);
  if (usable.length === 0) return `<p class="muted">No ${esc(metric)} values match the filters.</p>`;
  const values = usable.flatMap((r) => [r.value, r.low, r.high]).filter((v) => typeof v === 'number' && v > 0);
  const lo = Math.min(0.5, ...values) / 1.15;
  const hi = Math.max(2, ...values) * 1.15;
  const [left, width, right, rowH, top] = [230, 520, 150, 18, 24];
  const x = (v) => left + ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * width;
  const height = top + usable.length * rowH + 34;
  const ticks = logTicks(lo, hi)
    .map((t) => `<g class="tick"><line x1="${num(x(t))}" x2="${num(x(t))}" y1="${top - 4}" y2="${height - 30}" stroke="#dde1e8"/><text x="${num(x(t))}" y="${height - 14}" text-anchor="middle">${esc(t)}</text></g>`)
    .join('');
  const body = usable
    .map((r, i) => {
      const y = top + i * rowH + rowH / 2;
      const label = `${r.docId}${given(r.group) ? ` · ${r.group}` : ''}`;
      const ci = given(r.low) && given(r.high) && r.low > 0 && r.high > 0;
      const ciText = ci ? `${r.value} (${r.low}–${r.high})` : String(r.value);
      const line = ci ? `<line class="ci" x1="${num(x(r.low))}" x2="${num(x(r.high))}" y1="${y}" y2="${y}" stroke="#2458c6" stroke-width="1.5"/>` : '';
      return `<g class="forest-row" data-doc="${esc(r.docId)}" tabindex="0" role="link" aria-label="${esc(`${label}: ${metric} ${ciText}`)}"><title>${esc(r.spanText || `${metric} ${ciText}`)}</title><rect class="hit" x="0" y="${y - rowH / 2}" width="${left + width + right}" height="${rowH}" fill="transparent"/><text class="label" x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(label.length > 38 ? `${label.slice(0, 37)}…` : label)}</text>${line}<rect class="point" x="${num(x(r.value) - 4)}" y="${y - 4}" width="8" height="8" fill="#2458c6"/><text class="value" x="${left + width + 8}" y="${y + 4}">${esc(ciText)}</text></g>`;
    })
    .join('');
  const one = `<line class="no-effect" x1="${num(x(1))}" x2="${num(x(1))}" y1="${top - 8}" y2="${height - 30}" stroke="#b3261e" stroke-dasharray="4 3"/>`;
  return `<svg id="forest-plot" class="plot" viewBox="0 0 ${left + width + right} ${height}" width="${left + width + right}" height="${height}" role="img" aria-label="${esc(`forest plot of ${metric}, log scale`)}"><text x="${left}" y="14" class="axis-title">${esc(metric)} (log scale)</text>${ticks}${one}${body}</svg>`;
}

/**
 * A dot plot of a median or rate by design type: one band per design type,
 * one dot per row, on a linear axis from 0. Dots are <g data-doc> with the
 * span text as their <title>.
 */
export function dotPlotSvg(rows, metric) {
  if (rows.length === 0) return `<p class="muted">No ${esc(metric)} values match the filters.</p>`;
  const bands = [...new Set(rows.map((r) => r.designType ?? 'not stated'))].sort();
  const [left, width, right, bandH, top] = [190, 560, 30, 34, 24];
  const max = Math.max(...rows.map((r) => r.value)) * 1.05 || 1;
  const x = (v) => left + (v / max) * width;
  const height = top + bands.length * bandH + 34;
  const step = 10 ** Math.floor(Math.log10(max / 2));
  const tickStep = max / step > 10 ? step * 2 : step;
  const ticks = [];
  for (let t = 0; t <= max; t += tickStep) ticks.push(Number(t.toPrecision(6)));
  const axis = ticks.map((t) => `<g class="tick"><line x1="${num(x(t))}" x2="${num(x(t))}" y1="${top - 4}" y2="${height - 30}" stroke="#dde1e8"/><text x="${num(x(t))}" y="${height - 14}" text-anchor="middle">${esc(t)}</text></g>`).join('');
  const seen = new Map();
  const dots = rows
    .map((r) => {
      const band = bands.indexOf(r.designType ?? 'not stated');
      const k = seen.get(band) ?? 0;
      seen.set(band, k + 1);
      const y = top + band * bandH + bandH / 2 + (((k * 7) % 11) - 5) * 1.8;
      return `<g class="dot" data-doc="${esc(r.docId)}" tabindex="0" role="link" aria-label="${esc(`${r.docId}: ${metric} ${r.value}`)}"><title>${esc(`${r.docId}: ${r.spanText || r.value}`)}</title><circle cx="${num(x(r.value))}" cy="${num(y)}" r="4" fill="#2458c6" fill-opacity="0.6"/></g>`;
    })
    .join('');
  const labels = bands
    .map((b, i) => `<g class="band"><line x1="${left}" x2="${left + width}" y1="${top + (i + 1) * bandH}" y2="${top + (i + 1) * bandH}" stroke="#eef0f4"/><text x="${left - 8}" y="${top + i * bandH + bandH / 2 + 4}" text-anchor="end">${esc(designText(b))}</text></g>`)
    .join('');
  return `<svg id="dot-plot" class="plot" viewBox="0 0 ${left + width + right} ${height}" width="${left + width + right}" height="${height}" role="img" aria-label="${esc(`${metric} by design type`)}"><text x="${left}" y="14" class="axis-title">${esc(metric)}${rows[0]?.unit ? ` (${esc(rows[0].unit)})` : ''} by design type</text>${axis}${labels}${dots}</svg>`;
}

/**
 * Section text with every metric and entity span wrapped in <mark>. Spans
 * may overlap: the text is cut at every span boundary and each piece is
 * wrapped once per span covering it, so nesting stays well-formed.
 */
export function highlightSection(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= from && s.end >= to && s.end > s.start);
    let piece = esc(text.slice(from, to));
    for (const s of covering.reverse()) {
      piece = `<mark class="${esc(s.kind)}" data-ann="${esc(s.id)}" title="${esc(s.title)}">${piece}</mark>`;
    }
    html += piece;
  }
  return html;
}

const given = (v) => v !== null && v !== undefined && v !== '';

/** One line per metric: `name = value unit`, then whatever else the record states about it. */
export function metricTitle(m) {
  const parts = [`${m.name} = ${m.value}${m.unit ? ` ${m.unit}` : ''}`];
  if (given(m.group)) parts.push(`group: ${m.group}`);
  if (given(m.comparator)) parts.push(`vs ${m.comparator}`);
  if (given(m.timepointMonths)) parts.push(`at ${m.timepointMonths} months`);
  if (given(m.low)) parts.push(`CI ${m.low}–${m.high}`);
  if (given(m.p)) parts.push(`p ${m.pBound ?? '='} ${m.p}`);
  if (given(m.rule)) parts.push(`rule ${m.rule}`);
  return parts.join(', ');
}

/** The document view's metric table; each name jumps to its highlighted span. */
export function metricsTableHtml(metrics) {
  const rows = metrics
    .map((m, i) => {
      const ci = given(m.low) || given(m.high) ? `${fmt(m.low)}–${fmt(m.high)}` : '';
      return `<tr><td><a href="#" data-jump="m${i}">${esc(m.name)}</a></td><td class="num">${esc(fmt(m.value))}</td><td>${esc(fmt(m.unit))}</td><td class="col-group">${esc(fmt(m.group))}</td><td class="col-comparator">${esc(fmt(m.comparator))}</td><td class="num col-timepointMonths">${esc(fmt(m.timepointMonths))}</td><td class="num">${esc(ci)}</td><td class="num">${esc(pText(m))}</td><td class="col-rule">${given(m.rule) ? `<code>${esc(m.rule)}</code>` : ''}</td></tr>`;
    })
    .join('');
  return `<table class="metric-table"><tr><th>metric</th><th class="num">value</th><th>unit</th><th>group</th><th>comparator</th><th class="num">timepoint (months)</th><th class="num">CI</th><th class="num">p</th><th>rule</th></tr>${rows}</table>`;
}

/** A nullable design flag: true and false only when the text says so. */
export function yesNo(value) {
  return value === true ? 'yes' : value === false ? 'no' : 'not stated';
}

export function periodText(start, end) {
  if (!given(start) && !given(end)) return 'not stated';
  if (!given(end)) return `from ${start}`;
  if (!given(start)) return `until ${end}`;
  return start === end ? String(start) : `${start}–${end}`;
}

const CENTERS = { single: 'single center', multi: 'multicenter' };

/** The study design as a definition list; every field is shown, unstated ones as "not stated". */
export function designHtml(design) {
  if (!design) return '<p class="muted design-none">Study design: not extracted.</p>';
  const fields = [
    ['type', 'type', given(design.type) ? String(design.type).replaceAll('-', ' ') : 'not stated'],
    ['subjects', 'subjects', given(design.subjects) ? design.subjects : 'not stated'],
    ['retrospective', 'retrospective', yesNo(design.retrospective)],
    ['prospective', 'prospective', yesNo(design.prospective)],
    ['randomized', 'randomized', yesNo(design.randomized)],
    ['centers', 'centers', CENTERS[design.centers] ?? 'not stated'],
    ['period', 'study period', periodText(design.periodStart, design.periodEnd)],
  ];
  const items = fields
    .map(([key, label, text]) => `<div><dt>${esc(label)}</dt><dd data-design="${esc(key)}"${text === 'not stated' ? ' class="muted"' : ''}>${esc(text)}</dd></div>`)
    .join('');
  return `<dl class="design" aria-label="study design">${items}</dl>`;
}

/** Entity types in the order of their colour slots (style.css .ent-0 … .ent-7); others share the last two by name. */
export const ENTITY_COLOR_TYPES = ['Disease', 'Chemical', 'Gene', 'Species', 'Variant', 'CellLine'];

export function entityColor(type) {
  const known = ENTITY_COLOR_TYPES.indexOf(type);
  if (known >= 0) return known;
  let h = 0;
  for (const c of String(type)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return ENTITY_COLOR_TYPES.length + (h % 2);
}

/**
 * PubMed, DOI and PMC links for the record's ids. Each opens in a new tab
 * with neither referrer nor opener; ids are URL-encoded into fixed hosts.
 */
export function externalLinks(ids) {
  const link = (href, label) => `<a class="external" href="${esc(href)}" target="_blank" rel="noreferrer noopener">${esc(label)}</a>`;
  const links = [];
  if (given(ids?.pmid)) links.push(link(`https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(ids.pmid)}/`, `PubMed ${ids.pmid}`));
  if (given(ids?.doi)) links.push(link(`https://doi.org/${ids.doi.split('/').map(encodeURIComponent).join('/')}`, `DOI ${ids.doi}`));
  if (given(ids?.pmcid)) links.push(link(`https://www.ncbi.nlm.nih.gov/pmc/articles/${encodeURIComponent(ids.pmcid)}/`, ids.pmcid));
  return links.join(' ');
}

export function authorsText(authors) {
  if (!authors?.length) return 'not stated';
  const names = authors.map((a) => a.name);
  return names.length > 12 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
}

export function documentHtml(record) {
  const entityTypes = [...new Set(record.entities.map((e) => e.type))].sort();
  const spans = [
    ...record.metrics.map((m, i) => ({ ...m, kind: 'metric', id: `m${i}`, title: metricTitle(m) })),
    ...record.entities.map((e, i) => ({ ...e, kind: `entity ent-${entityColor(e.type)}`, id: `e${i}`, title: `${e.type}: ${e.text}${e.id ? ` (${e.id})` : ''}` })),
  ];
  const sections = record.sections
    .map((section, n) => {
      const own = spans.filter((s) => s.section === n);
      return `<section class="doc-section"><h4>${esc(section.label)}</h4><p>${highlightSection(section.text, own)}</p></section>`;
    })
    .join('');
  const rejection = record.rejection
    ? `<p class="rejection"><strong>Rejected: <code>${esc(record.rejection.code)}</code></strong> ${esc(record.rejection.message)}</p>`
    : '';
  const design = record.status === 'rejected' ? '' : `<h3>Study design</h3>${designHtml(record.design)}`;
  const annotators = [...new Set(record.entities.map((e) => e.source).filter(given))];
  const sources = [`${record.source.key}#${record.source.index}`, ...annotators.map((f) => `entities from ${f}`)];
  const about = [
    ['authors', 'authors', authorsText(record.authors)],
    ['journal', 'journal', given(record.journal) ? record.journal : 'not stated'],
    ['published', 'published', given(record.published) ? record.published : 'not stated'],
    ['sources', 'sources', sources.join('; ')],
  ]
    .map(([key, label, text]) => `<div><dt>${esc(label)}</dt><dd data-about="${esc(key)}"${text === 'not stated' ? ' class="muted"' : ''}>${esc(text)}</dd></div>`)
    .join('');
  const links = externalLinks(record.ids);
  const legend = entityTypes
    .map((type) => `<mark class="entity ent-${entityColor(type)}" data-entity-type="${esc(type)}">${esc(type)}</mark>`)
    .join(' ');
  return `<h2 id="document-title">${esc(record.title ?? record.docId)}</h2>
<p class="muted">${esc(record.docId)} · ${esc(record.format ?? 'unknown format')} · ${esc(record.status)}${record.journal ? ` · ${esc(record.journal)}` : ''}${record.published ? ` · ${esc(record.published)}` : ''}</p>
${links ? `<p class="links">${links}</p>` : ''}
<dl class="about" aria-label="document">${about}</dl>
${rejection}
${design}
<p class="legend" aria-label="legend"><mark class="metric">metric</mark> ${legend} — hover a highlight for its value</p>
${record.metrics.length ? `<details open><summary>${esc(record.metrics.length)} metrics</summary>${metricsTableHtml(record.metrics)}</details>` : ''}
${sections}`;
}
