// HTML for each part of the dashboard page, built from API data. Pure
// functions of their arguments (no DOM), so Node tests can call them too.
// Every string from the API goes through esc() before it goes into HTML, and
// no markup here carries an inline style or script: the page's
// Content-Security-Policy would refuse them. Computed sizes (the throughput
// bars) travel in data- attributes and app.js applies them through the CSSOM.

export const MAX_ROWS = 500;

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

export function documentsHtml({ documents, filter }) {
  const needle = filter.toLowerCase();
  const matching = needle
    ? documents.filter((d) => [d.docId, d.title, d.format, d.status].some((v) => String(v ?? '').toLowerCase().includes(needle)))
    : documents;
  const shown = matching.slice(0, MAX_ROWS);
  const rows = shown
    .map(
      (d) =>
        `<tr data-doc="${esc(d.docId)}" class="clickable status-${esc(d.status)}"><td>${esc(d.docId)}</td><td>${esc(d.title ?? '')}</td><td>${esc(d.format ?? '')}</td><td>${esc(d.status)}</td><td class="num">${esc(d.sections)}</td><td class="num">${esc(d.entities)}</td><td class="num">${esc(d.metrics)}</td></tr>`,
    )
    .join('');
  const note = matching.length > shown.length ? `<p class="muted">Showing ${shown.length} of ${matching.length}; filter to narrow.</p>` : `<p class="muted">${matching.length} of ${documents.length} documents</p>`;
  return `${note}<table id="documents-table"><tr><th>document</th><th>title</th><th>format</th><th>status</th><th class="num">sections</th><th class="num">entities</th><th class="num">metrics</th></tr>${rows}</table>`;
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
  return String(a).localeCompare(String(b));
}

const pText = (m) => (m.p === null || m.p === undefined ? '' : `${m.pBound ?? ''}${m.pBound ? ' ' : ''}${m.p}`);

export function evidenceHtml({ rows, sort }) {
  const sorted = [...rows].sort((x, y) => compare(x[sort.key], y[sort.key]) * sort.dir || compare(x.docId, y.docId));
  const shown = sorted.slice(0, MAX_ROWS);
  const head = EVIDENCE_COLUMNS.map(([key, label, num]) => {
    const mark = sort.key === key ? (sort.dir > 0 ? ' ▲' : ' ▼') : '';
    const aria = sort.key === key ? ` aria-sort="${sort.dir > 0 ? 'ascending' : 'descending'}"` : '';
    return `<th class="sortable${num ? ' num' : ''}" data-sort="${esc(key)}"${aria}>${esc(label)}${mark}</th>`;
  }).join('');
  const body = shown
    .map((r) => {
      const cells = EVIDENCE_COLUMNS.map(([key, , num]) => {
        const v = key === 'p' ? pText(r) : r[key];
        return `<td class="${num ? 'num' : ''} col-${esc(key)}">${esc(fmt(v))}</td>`;
      }).join('');
      return `<tr data-doc="${esc(r.docId)}" class="clickable">${cells}</tr>`;
    })
    .join('');
  const note = sorted.length > shown.length ? `Showing ${shown.length} of ${sorted.length} rows.` : `${sorted.length} rows`;
  return `<p class="muted">${esc(note)}</p><table id="evidence-table"><tr>${head}</tr>${body}</table>`;
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

export function documentHtml(record) {
  const spans = [
    ...record.metrics.map((m, i) => ({ ...m, kind: 'metric', id: `m${i}`, title: metricTitle(m) })),
    ...record.entities.map((e, i) => ({ ...e, kind: 'entity', id: `e${i}`, title: `${e.type}: ${e.text}${e.id ? ` (${e.id})` : ''}` })),
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
  return `<h2 id="document-title">${esc(record.title ?? record.docId)}</h2>
<p class="muted">${esc(record.docId)} · ${esc(record.format ?? 'unknown format')} · ${esc(record.status)}${record.journal ? ` · ${esc(record.journal)}` : ''}${record.published ? ` · ${esc(record.published)}` : ''}</p>
${rejection}
${design}
<p class="legend"><mark class="metric">metric</mark> <mark class="entity">entity</mark> — hover a highlight for its value</p>
${record.metrics.length ? `<details open><summary>${esc(record.metrics.length)} metrics</summary>${metricsTableHtml(record.metrics)}</details>` : ''}
${sections}`;
}
