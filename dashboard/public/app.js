// The litstream dashboard page. Polls the JSON API every few seconds and
// re-renders only the parts whose data changed, so the user's filter, sort
// order and open document survive each refresh. Every string from the API is
// escaped before it goes into HTML.

const REFRESH_MS = 3000;
const MAX_ROWS = 500;

const state = {
  docFilter: '',
  metric: '',
  sort: { key: 'docId', dir: 1 },
  openDocId: null,
  openDocStamp: null,
  last: {},
  evidence: null,
};

const $ = (id) => document.getElementById(id);

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

/** Sets innerHTML of `id` when `data` differs from what was rendered last. */
function renderIfChanged(id, data, render) {
  const key = JSON.stringify(data);
  if (state.last[id] === key) return;
  state.last[id] = key;
  $(id).innerHTML = render(data);
}

const fmt = (n) => (n === null || n === undefined || n === '' ? '' : String(n));

function stagesHtml({ stages, totals }) {
  const states = Object.keys(totals);
  const head = `<tr><th>stage</th>${states.map((s) => `<th class="num">${esc(s)}</th>`).join('')}</tr>`;
  const rows = Object.entries(stages)
    .map(([stage, counts]) => `<tr><th>${esc(stage)}</th>${states.map((s) => `<td class="num state-${esc(s)}">${esc(counts[s])}</td>`).join('')}</tr>`)
    .join('');
  const total = `<tr class="total"><th>all</th>${states.map((s) => `<td class="num">${esc(totals[s])}</td>`).join('')}</tr>`;
  return `<table>${head}${rows}${total}</table>`;
}

function queuesHtml(queues) {
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

function throughputHtml(points) {
  const max = Math.max(1, ...points.map((p) => p.extracted));
  const bars = points
    .map((p) => {
      const h = Math.round((p.extracted / max) * 100);
      return `<div class="bar" title="${esc(p.minute.slice(11))} UTC: ${esc(p.extracted)} extracted"><span style="height:${h}%"></span><small>${esc(p.extracted || '')}</small></div>`;
    })
    .join('');
  const first = points[0]?.minute.slice(11) ?? '';
  const last = points.at(-1)?.minute.slice(11) ?? '';
  return `<div class="bars" role="img" aria-label="extracted documents per minute">${bars}</div><div class="axis"><span>${esc(first)}</span><span>${esc(last)} UTC</span></div>`;
}

function formatsHtml(formats) {
  if (formats.length === 0) return '<p class="muted">No records yet.</p>';
  const rows = formats.map((f) => `<tr><th>${esc(f.format)}</th><td class="num">${esc(f.extracted)}</td><td class="num">${esc(f.rejected)}</td></tr>`).join('');
  return `<table><tr><th>format</th><th class="num">extracted</th><th class="num">rejected</th></tr>${rows}</table>`;
}

function failuresHtml(failures) {
  if (failures.length === 0) return '<p class="muted">No failures or rejections.</p>';
  const rows = failures
    .map(
      (f) =>
        `<tr class="${esc(f.kind)}" ${f.docId ? `data-doc="${esc(f.docId)}"` : ''}><td>${esc(f.at.replace('T', ' ').slice(0, 19))}</td><td>${esc(f.kind)}</td><td><code>${esc(f.code)}</code></td><td class="reason">${esc(f.message)}</td><td>${esc(f.docId ?? '')}</td><td class="source">${esc(f.source ?? '')}</td></tr>`,
    )
    .join('');
  return `<table id="failures-table"><tr><th>when</th><th>kind</th><th>code</th><th>reason</th><th>document</th><th>source</th></tr>${rows}</table>`;
}

function documentsHtml({ documents, filter }) {
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

const EVIDENCE_COLUMNS = [
  ['docId', 'document'],
  ['title', 'title'],
  ['name', 'metric'],
  ['value', 'value', true],
  ['unit', 'unit'],
  ['group', 'group'],
  ['low', 'low', true],
  ['high', 'high', true],
  ['p', 'p', true],
  ['spanText', 'span'],
];

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function evidenceHtml({ rows, sort }) {
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
        let v = r[key];
        if (key === 'p' && r.pBound && v !== null && v !== undefined) v = `${r.pBound} ${v}`;
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

function metricTitle(m) {
  const parts = [`${m.name} = ${m.value}${m.unit ? ` ${m.unit}` : ''}`];
  if (m.group) parts.push(`group: ${m.group}`);
  if (m.low !== null && m.low !== undefined) parts.push(`CI ${m.low}–${m.high}`);
  if (m.p !== null && m.p !== undefined) parts.push(`p ${m.pBound ?? '='} ${m.p}`);
  return parts.join(', ');
}

function documentHtml(record) {
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
  const metrics = record.metrics
    .map((m, i) => `<li><a href="#" data-jump="m${i}">${esc(metricTitle(m))}</a></li>`)
    .join('');
  const rejection = record.rejection
    ? `<p class="rejection"><strong>Rejected: <code>${esc(record.rejection.code)}</code></strong> ${esc(record.rejection.message)}</p>`
    : '';
  return `<h2 id="document-title">${esc(record.title ?? record.docId)}</h2>
<p class="muted">${esc(record.docId)} · ${esc(record.format ?? 'unknown format')} · ${esc(record.status)}${record.journal ? ` · ${esc(record.journal)}` : ''}${record.published ? ` · ${esc(record.published)}` : ''}</p>
${rejection}
<p class="legend"><mark class="metric">metric</mark> <mark class="entity">entity</mark> — hover a highlight for its value</p>
${metrics ? `<details open><summary>${esc(record.metrics.length)} metrics</summary><ul class="metric-list">${metrics}</ul></details>` : ''}
${sections}`;
}

async function openDocument(docId, stamp) {
  state.openDocId = docId;
  state.openDocStamp = stamp ?? null;
  const dialog = $('document-view');
  try {
    const record = await api(`/api/documents/${encodeURIComponent(docId)}`);
    if (state.openDocId !== docId) return;
    $('document').innerHTML = documentHtml(record);
  } catch (error) {
    $('document').innerHTML = `<p class="error">${esc(error.message)}</p>`;
  }
  if (!dialog.open) dialog.showModal();
}

async function loadEvidence() {
  const metric = state.metric;
  const data = await api(`/api/evidence${metric ? `?metric=${encodeURIComponent(metric)}` : ''}`);
  if (metric !== state.metric) return;
  state.evidence = data.rows;
  renderEvidence();
}

function renderEvidence() {
  if (state.evidence) renderIfChanged('evidence', { rows: state.evidence, sort: state.sort }, evidenceHtml);
}

let overview = null;

async function refresh() {
  try {
    overview = await api('/api/overview');
    renderIfChanged('stages', { stages: overview.stages, totals: overview.totals }, stagesHtml);
    renderIfChanged('queues', overview.queues, queuesHtml);
    renderIfChanged('throughput', overview.throughput, throughputHtml);
    renderIfChanged('formats', overview.formats, formatsHtml);
    renderIfChanged('failures', overview.failures, failuresHtml);
    renderIfChanged('documents', { documents: overview.documents, filter: state.docFilter }, documentsHtml);
    const select = $('metric-filter');
    if (select.options.length === 1) {
      select.insertAdjacentHTML('beforeend', overview.metricNames.map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join(''));
      select.value = state.metric;
    }
    await loadEvidence();
    // Reload the open document when its record changed (re-extracted).
    if (state.openDocId && $('document-view').open) {
      const summary = overview.documents.find((d) => d.docId === state.openDocId);
      if (summary && summary.updatedAt !== state.openDocStamp) await openDocument(state.openDocId, summary.updatedAt);
    }
    $('refreshed').textContent = `updated ${new Date().toLocaleTimeString()}`;
    $('error').textContent = '';
    document.body.dataset.loaded = 'true';
  } catch (error) {
    $('error').textContent = `Refresh failed: ${error.message}`;
  }
}

function docStamp(docId) {
  return overview?.documents.find((d) => d.docId === docId)?.updatedAt;
}

function wire() {
  $('doc-filter').addEventListener('input', (event) => {
    state.docFilter = event.target.value;
    if (overview) renderIfChanged('documents', { documents: overview.documents, filter: state.docFilter }, documentsHtml);
  });
  $('metric-filter').addEventListener('change', (event) => {
    state.metric = event.target.value;
    state.evidence = null;
    $('evidence').innerHTML = '<p class="muted">loading…</p>';
    state.last.evidence = undefined;
    loadEvidence().catch((error) => ($('error').textContent = error.message));
  });
  document.addEventListener('click', async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const sortHeader = target.closest('th[data-sort]');
    if (sortHeader) {
      const key = sortHeader.dataset.sort;
      state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      renderEvidence();
      return;
    }
    const redrive = target.closest('button.redrive');
    if (redrive) {
      const queue = redrive.dataset.queue;
      if (!confirm(`Move every message of the ${queue} dead-letter queue back to the ${queue} queue?`)) return;
      redrive.disabled = true;
      try {
        const result = await api(`/api/queues/${encodeURIComponent(queue)}/redrive`, { method: 'POST', headers: { 'x-litstream-action': 'redrive' } });
        $('redrive-result').textContent = `${queue}: ${result.moved} message(s) sent back (${result.method}).`;
      } catch (error) {
        $('redrive-result').textContent = `${queue}: redrive failed: ${error.message}`;
      }
      refresh();
      return;
    }
    const jump = target.closest('a[data-jump]');
    if (jump) {
      event.preventDefault();
      const mark = $('document').querySelector(`mark[data-ann="${CSS.escape(jump.dataset.jump)}"]`);
      mark?.scrollIntoView({ block: 'center' });
      mark?.classList.add('flash');
      setTimeout(() => mark?.classList.remove('flash'), 1200);
      return;
    }
    const row = target.closest('tr[data-doc]');
    if (row) openDocument(row.dataset.doc, docStamp(row.dataset.doc));
  });
  $('document-view').addEventListener('close', () => {
    state.openDocId = null;
  });
}

// Chained, not setInterval: a slow refresh never overlaps the next one.
async function loop() {
  await refresh();
  setTimeout(loop, REFRESH_MS);
}

wire();
loop();
