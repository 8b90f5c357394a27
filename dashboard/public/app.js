// The litstream dashboard page. Everything the page shows is named by its
// URL: the view, the filters, each list's page and sort order, the plotted
// metric and the open document live in location.hash (`#view=evidence&
// metric=hazard_ratio&epage=2`), so a link can be shared and back/forward
// step through what was looked at. The lists are filtered, sorted and paged
// by the server; the page only asks for the rows it shows.
//
// It polls every few seconds. Every API answer carries an ETag and
// `Cache-Control: no-cache`, so the browser revalidates with If-None-Match
// and an unchanged answer costs a 304 with no body; a part is re-rendered
// only when its answer's text changed, so focus, scroll position and the
// open document survive a refresh. The HTML comes from render.js, which
// escapes every string from the API.

import {
  RATIO_METRICS,
  documentHtml,
  documentsHtml,
  dotPlotSvg,
  esc,
  evidenceHtml,
  failuresHtml,
  forestPlotSvg,
  formatsHtml,
  queuesHtml,
  stagesHtml,
  throughputHtml,
} from './render.js';

const REFRESH_MS = 3000;
const FILTERS = ['q', 'metric', 'design', 'randomized', 'yearFrom', 'yearTo', 'format', 'cohortMin', 'cohortMax'];
/** Hash keys besides the filters: view, each list's page/sort/order, the plotted metric, the open document. */
const KEYS = [...FILTERS, 'view', 'dpage', 'dsort', 'dorder', 'epage', 'esort', 'eorder', 'plot', 'doc'];
const LISTS = { documents: 'd', evidence: 'e' };
const PLOT_METRICS = [...RATIO_METRICS, 'median_os', 'median_pfs', 'median_rfs', 'median_dfs', 'median_follow_up', 'median_age', 'survival_rate', 'recurrence_rate', 'response_rate', 'clinical_benefit_rate'];
const PLOT_ROWS = 500;

const $ = (id) => document.getElementById(id);

/** The state named by the hash; absent keys take their defaults. */
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? '']));
}

function hashOf(state) {
  const params = new URLSearchParams();
  for (const k of KEYS) if (state[k]) params.set(k, state[k]);
  const text = params.toString();
  return text ? `#${text}` : '#';
}

let state = readHash();

/** Moves to a new state: a new history entry (or the current one replaced, e.g. while typing), then renders it. */
function navigate(patch, { replace = false } = {}) {
  const next = { ...state, ...patch };
  const hash = hashOf(next);
  if (hash === (location.hash || '#')) return;
  if (replace) {
    history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
    apply();
  } else {
    location.hash = hash;
  }
}

/** The filters as API query parameters. */
function filterParams(extra = {}) {
  const params = new URLSearchParams();
  for (const k of FILTERS) if (state[k]) params.set(k, state[k]);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  return params;
}

function listParams(list) {
  const p = LISTS[list];
  return filterParams({ page: state[`${p}page`], sort: state[`${p}sort`], order: state[`${p}order`] });
}

// Errors come as JSON from the API, and as one line of plain text from the
// server's access checks (a wrong Host, a missing token).
async function apiText(path, init) {
  const response = await fetch(path, init);
  const text = await response.text();
  if (!response.ok) {
    let message;
    try {
      message = JSON.parse(text).error;
    } catch {
      message = text.trim();
    }
    throw new Error(message || `${response.status} ${response.statusText}`);
  }
  return text;
}

const api = async (path, init) => JSON.parse(await apiText(path, init));

const rendered = {};

/** Fetches `path` and renders it into `id` when its text differs from what is shown; returns the parsed body. */
async function load(id, path, render) {
  const text = await apiText(path);
  if (rendered[id] === `${path}\n${text}`) return null;
  const data = JSON.parse(text);
  // A newer navigation may have asked for something else meanwhile.
  if (currentPath(id) !== path) return null;
  rendered[id] = `${path}\n${text}`;
  $(id).innerHTML = render(data);
  return data;
}

function currentPath(id) {
  if (id === 'documents') return `/api/documents?${listParams('documents')}`;
  if (id === 'evidence') return `/api/evidence?${listParams('evidence')}`;
  if (id === 'plot') return plotPath();
  if (id === 'document') return state.doc ? `/api/documents/${encodeURIComponent(state.doc)}` : null;
  return null;
}

function plotMetric() {
  return PLOT_METRICS.includes(state.plot) ? state.plot : 'hazard_ratio';
}

function plotPath() {
  const params = filterParams({ pageSize: String(PLOT_ROWS) });
  params.set('metric', plotMetric());
  return `/api/evidence?${params}`;
}

function renderPlot(data) {
  const metric = plotMetric();
  const svg = RATIO_METRICS.includes(metric) ? forestPlotSvg(data.items, metric) : dotPlotSvg(data.items, metric);
  const note = data.total > data.items.length ? `<p class="muted">Showing the first ${esc(data.items.length)} of ${esc(data.total)} rows; filter to narrow.</p>` : `<p class="muted">${esc(data.total)} rows</p>`;
  return `${note}${svg}`;
}

/** Bar heights through the CSSOM: the Content-Security-Policy refuses inline style attributes. */
function applyBarHeights(root) {
  for (const bar of root.querySelectorAll('[data-height]')) bar.style.height = `${Number(bar.dataset.height)}%`;
}

function renderIfChanged(id, data, render) {
  const key = JSON.stringify(data);
  if (rendered[id] === key) return false;
  rendered[id] = key;
  $(id).innerHTML = render(data);
  return true;
}

function fillSelect(id, values, label = (v) => v) {
  const select = $(id);
  if (select.dataset.filled) return;
  select.insertAdjacentHTML('beforeend', values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`).join(''));
  select.dataset.filled = 'true';
}

async function loadOverview() {
  const overview = await api('/api/overview');
  renderIfChanged('stages', { stages: overview.stages, totals: overview.totals }, stagesHtml);
  renderIfChanged('queues', overview.queues, queuesHtml);
  if (renderIfChanged('throughput', overview.throughput, throughputHtml)) applyBarHeights($('throughput'));
  renderIfChanged('formats', overview.formats, formatsHtml);
  renderIfChanged('failures', overview.failures, failuresHtml);
  fillSelect('metric-filter', overview.metricNames);
  fillSelect('design-filter', overview.designTypes, (t) => t.replaceAll('-', ' '));
  syncControls();
  return overview;
}

/** Formats come from the overview (those stored), so the select is refilled when a new one appears. */
function fillFormats(overview) {
  const select = $('format-filter');
  const formats = overview.formats.map((f) => f.format).filter((f) => f !== 'unknown');
  const key = formats.join(',');
  if (select.dataset.formats === key) return;
  select.dataset.formats = key;
  select.innerHTML = `<option value="">any format</option>${formats.map((f) => `<option value="${esc(f)}">${esc(f)}</option>`).join('')}`;
  if (state.format && !formats.includes(state.format)) select.insertAdjacentHTML('beforeend', `<option value="${esc(state.format)}">${esc(state.format)}</option>`);
  select.value = state.format;
}

/** Puts the state's values into the form, without touching the field being typed in. */
function syncControls() {
  for (const k of FILTERS) {
    const control = $(`${k}-filter`);
    if (control && control !== document.activeElement && control.value !== state[k]) control.value = state[k];
  }
  const plot = $('plot-metric');
  if (plot.value !== plotMetric()) plot.value = plotMetric();
}

function exportLinks() {
  for (const list of ['documents', 'evidence']) {
    const params = filterParams({ sort: state[`${LISTS[list]}sort`], order: state[`${LISTS[list]}order`] });
    const query = params.toString() ? `?${params}` : '';
    $(`export-${list}-csv`).href = `/api/export/${list}.csv${query}`;
    $(`export-${list}-json`).href = `/api/export/${list}.json${query}`;
  }
}

function showView() {
  const view = state.view;
  document.body.dataset.view = view || 'all';
  for (const section of document.querySelectorAll('main > section[data-views]')) {
    const views = section.dataset.views.split(' ');
    section.hidden = view ? !views.includes(view) : views.includes('only');
  }
  for (const link of document.querySelectorAll('#views a')) {
    link.href = hashOf({ ...state, view: link.dataset.view, doc: '' });
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

const visible = (id) => !$(id).closest('section').hidden;

/** Loads whatever the state shows that is not shown yet, or changed. */
async function loadLists() {
  const jobs = [];
  if (visible('documents')) jobs.push(load('documents', currentPath('documents'), documentsHtml));
  if (visible('evidence')) jobs.push(load('evidence', currentPath('evidence'), evidenceHtml));
  if (visible('plot')) jobs.push(load('plot', currentPath('plot'), renderPlot));
  jobs.push(loadDocument());
  await Promise.all(jobs);
}

async function loadDocument() {
  const dialog = $('document-view');
  if (!state.doc) {
    rendered.document = undefined;
    if (dialog.open) dialog.close();
    return;
  }
  try {
    await load('document', currentPath('document'), documentHtml);
  } catch (error) {
    rendered.document = undefined;
    $('document').innerHTML = `<p class="error">${esc(error.message)}</p>`;
  }
  if (state.doc && !dialog.open) dialog.showModal();
}

function reportError(error) {
  $('error').textContent = `Refresh failed: ${error.message}`;
}

/** Renders the current hash: called on load, on every hash change, and after a replaced state. */
function apply() {
  state = readHash();
  showView();
  syncControls();
  exportLinks();
  loadLists().catch(reportError);
}

async function refresh() {
  try {
    const overview = await loadOverview();
    fillFormats(overview);
    await loadLists();
    $('refreshed').textContent = `updated ${new Date().toLocaleTimeString()}`;
    $('error').textContent = '';
    document.body.dataset.loaded = 'true';
  } catch (error) {
    reportError(error);
  }
}

function openDocument(docId) {
  navigate({ doc: docId });
}

function wire() {
  fillSelect('plot-metric', PLOT_METRICS);
  let typing;
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('filters').addEventListener('input', (event) => {
    const name = event.target.name;
    if (!FILTERS.includes(name)) return;
    const value = event.target.value.trim();
    clearTimeout(typing);
    // Typing replaces the current history entry; a choice from a list is a step of its own.
    const text = event.target.tagName === 'INPUT';
    typing = setTimeout(() => navigate({ [name]: value, dpage: '', epage: '' }, { replace: text }), text ? 300 : 0);
  });
  $('clear-filters').addEventListener('click', () => navigate(Object.fromEntries([...FILTERS, 'dpage', 'epage'].map((k) => [k, '']))));
  $('plot-metric').addEventListener('change', (event) => navigate({ plot: event.target.value === 'hazard_ratio' ? '' : event.target.value }));
  document.addEventListener('click', async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const sortHeader = target.closest('th[data-sort][data-list]');
    if (sortHeader) {
      const p = LISTS[sortHeader.dataset.list];
      const key = sortHeader.dataset.sort;
      const current = state[`${p}sort`] || 'docId';
      const order = current === key && (state[`${p}order`] || 'asc') === 'asc' ? 'desc' : '';
      navigate({ [`${p}sort`]: key === 'docId' ? '' : key, [`${p}order`]: order, [`${p}page`]: '' });
      return;
    }
    const pageButton = target.closest('button.page[data-list]');
    if (pageButton) {
      const p = LISTS[pageButton.dataset.list];
      navigate({ [`${p}page`]: pageButton.dataset.page === '1' ? '' : pageButton.dataset.page });
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
    const row = target.closest('[data-doc]');
    if (row && !target.closest('#document-view')) openDocument(row.dataset.doc);
  });
  // Rows, plot marks and sort headers are focusable; Enter (or Space) acts as a click.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target instanceof Element ? event.target.closest('[data-doc], th[data-sort]') : null;
    if (!target || target.closest('#document-view')) return;
    event.preventDefault();
    if (target.matches('th[data-sort]')) target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    else openDocument(target.dataset.doc);
  });
  $('document-view').addEventListener('close', () => {
    if (state.doc) navigate({ doc: '' });
  });
  window.addEventListener('hashchange', apply);
}

// Chained, not setInterval: a slow refresh never overlaps the next one.
async function loop() {
  await refresh();
  setTimeout(loop, REFRESH_MS);
}

wire();
showView();
syncControls();
exportLinks();
loop();
