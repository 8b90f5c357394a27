// The litstream dashboard page. Polls the JSON API every few seconds and
// re-renders only the parts whose data changed, so the user's filter, sort
// order and open document survive each refresh. The HTML comes from
// render.js, which escapes every string from the API.

import {
  documentHtml,
  documentsHtml,
  esc,
  evidenceHtml,
  failuresHtml,
  formatsHtml,
  queuesHtml,
  stagesHtml,
  throughputHtml,
} from './render.js';

const REFRESH_MS = 3000;

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

// Errors come as JSON from the API, and as one line of plain text from the
// server's access checks (a wrong Host, a missing token).
async function api(path, init) {
  const response = await fetch(path, init);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: text.trim() };
  }
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

/** Sets innerHTML of `id` when `data` differs from what was rendered last; returns whether it did. */
function renderIfChanged(id, data, render) {
  const key = JSON.stringify(data);
  if (state.last[id] === key) return false;
  state.last[id] = key;
  $(id).innerHTML = render(data);
  return true;
}

/** Bar heights through the CSSOM: the Content-Security-Policy refuses inline style attributes. */
function applyBarHeights(root) {
  for (const bar of root.querySelectorAll('[data-height]')) bar.style.height = `${Number(bar.dataset.height)}%`;
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
    if (renderIfChanged('throughput', overview.throughput, throughputHtml)) applyBarHeights($('throughput'));
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
