// The analytics dashboard: plain JavaScript over the query service's public JSON API, charts drawn as inline
// SVG (no library, no build step, nothing fetched from elsewhere). The filters live in the page's URL, so a
// view can be bookmarked or sent to someone: /?from=2026-11-01&to=2026-11-30&team=ops
'use strict';

const state = {
  from: null,
  to: null,
  team: '',
  window: '30d',
  dimension: 'category',
};

const SVG = 'http://www.w3.org/2000/svg';

document.addEventListener('DOMContentLoaded', start);

// The API key (role ANALYST) lives in this tab's sessionStorage: gone when the tab closes, never in a cookie
// (a browser would send a cookie on its own) and never left in the URL, where history and logs would keep it.
const KEY_STORAGE = 'issueledger.apiKey';

async function start() {
  takeKeyFromLink();
  await apiKey();
  // Links to CSV answers need the key too: fetched with it and saved, instead of followed.
  document.addEventListener('click', event => {
    const link = event.target.closest && event.target.closest('a[href^="/api/"]');
    if (link) {
      event.preventDefault();
      download(link.getAttribute('href'));
    }
  });
  const params = new URLSearchParams(location.search);
  state.from = params.get('from');
  state.to = params.get('to');
  state.team = params.get('team') || '';
  state.window = params.get('window') || state.window;
  state.dimension = params.get('dimension') || state.dimension;
  wireControls();
  await loadTeams();
  await refresh();
}

function wireControls() {
  const form = document.getElementById('filters');
  form.addEventListener('submit', event => {
    event.preventDefault();
    state.from = form.from.value || null;
    state.to = form.to.value || null;
    state.team = form.team.value;
    refresh();
  });
  form.querySelectorAll('.presets button').forEach(button => button.addEventListener('click', () => {
    // Presets end on the period's current end, which defaults to the newest business day seen.
    const to = state.to || form.to.value;
    state.to = to;
    state.from = addDays(to, 1 - Number(button.dataset.days));
    refresh();
  }));
  document.querySelectorAll('#rankings .windows button').forEach(button => button.addEventListener('click', () => {
    state.window = button.dataset.window;
    syncUrl();
    loadRanking();
  }));
  const dimension = document.getElementById('ranking-dimension');
  dimension.value = state.dimension;
  dimension.addEventListener('change', () => {
    state.dimension = dimension.value;
    syncUrl();
    loadRanking();
  });
}

async function refresh() {
  syncUrl();
  // The KPIs answer with the period they used: without from/to it ends on the newest business day seen.
  const kpis = await loadKpis();
  if (kpis) {
    state.from = kpis.from;
    state.to = kpis.to;
  }
  const form = document.getElementById('filters');
  form.from.value = state.from || '';
  form.to.value = state.to || '';
  form.team.value = state.team;
  markPreset();
  document.getElementById('kpi-csv').href = '/api/kpis' + query({groupBy: 'team', format: 'csv'});
  await Promise.all([loadTrend(), loadRanking(), loadHeatMap(), loadSlaGauges(), loadAtRisk()]);
}

// ---------------------------------------------------------------------------------------------- API access

function query(extra) {
  const params = new URLSearchParams();
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.team) params.set('team', state.team);
  Object.entries(extra || {}).forEach(([name, value]) => {
    if (value !== null && value !== undefined && value !== '') params.set(name, value);
  });
  const text = params.toString();
  return text ? '?' + text : '';
}

/** A link may carry the key in its fragment (#key=…), which no server sees; it is taken and removed from the URL. */
function takeKeyFromLink() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('key')) {
    sessionStorage.setItem(KEY_STORAGE, fragment.get('key'));
    history.replaceState(null, '', location.pathname + location.search);
  }
}

/** The stored key, or the one the user enters in the key form (shown until a key is given). */
let askingForKey = null;

async function apiKey(message) {
  const stored = sessionStorage.getItem(KEY_STORAGE);
  if (stored && !message) return stored;
  // The panels load in parallel: one refused key is asked for once, not once per panel.
  if (!askingForKey) askingForKey = askForKey(message).finally(() => { askingForKey = null; });
  return askingForKey;
}

async function askForKey(message) {
  const form = document.getElementById('key-form');
  document.getElementById('key-message').textContent = message || '';
  form.hidden = false;
  form.key.focus();
  const key = await new Promise(resolve => form.addEventListener('submit', event => {
    event.preventDefault();
    resolve(form.key.value.trim());
  }, {once: true}));
  form.hidden = true;
  form.key.value = '';
  sessionStorage.setItem(KEY_STORAGE, key);
  return key;
}

async function api(path) {
  const response = await fetch(path, {headers: {Accept: 'application/json', 'X-API-Key': await apiKey()}});
  const body = await response.json().catch(() => null);
  if (response.status === 401 || response.status === 403) {
    // A wrong key, or one without the ANALYST role: ask for another, then load everything with it.
    sessionStorage.removeItem(KEY_STORAGE);
    if (!askingForKey) {
      apiKey(response.status === 401 ? 'This key was not accepted.' : 'This key lacks the ANALYST role.')
          .then(() => refresh());
    }
  }
  if (!response.ok) {
    const error = new Error(body && body.detail ? body.detail : response.status + ' ' + response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

async function download(path) {
  const response = await fetch(path, {headers: {'X-API-Key': await apiKey()}});
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename="?([^";]+)"?/.exec(disposition);
  const link = el('a', {href: url, download: named ? named[1] : path.split('?')[0].split('/').filter(Boolean).join('-')});
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

function syncUrl() {
  const params = new URLSearchParams(query({window: state.window, dimension: state.dimension}));
  history.replaceState(null, '', params.toString() ? '?' + params : location.pathname);
}

// ---------------------------------------------------------------------------------------------- panels

async function loadTeams() {
  try {
    const ranking = await api('/api/rankings/team?window=all&limit=100');
    const select = document.querySelector('#filters select[name=team]');
    ranking.rows.filter(row => row.key).forEach(row => {
      const option = document.createElement('option');
      option.value = row.key;
      option.textContent = row.key;
      select.appendChild(option);
    });
    if (state.team && ![...select.options].some(option => option.value === state.team)) {
      const option = document.createElement('option');
      option.value = option.textContent = state.team;
      select.appendChild(option);
    }
  } catch (error) {
    // The team list is a convenience; the filter still works from the URL.
  }
}

async function loadKpis() {
  const tiles = document.getElementById('kpis');
  try {
    const report = await api('/api/kpis' + query());
    const total = report.total;
    tiles.replaceChildren(
        tile('Created', total.created),
        tile('Closed', total.closed),
        tile('Backlog', total.backlog, 'in work at ' + report.to),
        tile('Close rate', percent(total.closeRate), 'closed ÷ created'),
        tile('Reopen rate', percent(total.reopenRate), 'reopened ÷ resolved'),
        tile('Invalid reports', percent(total.invalidReportRate), total.invalidReports + ' cancelled'),
        tile('Time to resolve', hours(total.timeToResolve.meanHours),
            'median ' + hours(total.timeToResolve.medianHours) + ' · p90 ' + hours(total.timeToResolve.p90Hours)),
        tile('First response', hours(total.timeToFirstResponse.medianHours),
            'median · p90 ' + hours(total.timeToFirstResponse.p90Hours)),
        tile('Satisfaction', total.meanSatisfaction === null ? '–' : total.meanSatisfaction.toFixed(1) + ' / 5',
            total.satisfactionRatings + ' ratings'),
        tile('Busiest owner', report.teamLoad.length ? report.teamLoad[0].openIssues : '–',
            report.teamLoad.length ? (report.teamLoad[0].owner || 'unassigned') + ' · open issues' : 'nobody'));
    showFreshness(report.freshness);
    return report;
  } catch (error) {
    tiles.replaceChildren(problem(error));
    return null;
  }
}

function tile(label, value, sub) {
  return el('div', {class: 'tile'},
      el('div', {class: 'label'}, label),
      el('div', {class: 'value'}, String(value)),
      sub ? el('div', {class: 'sub'}, sub) : '');
}

function showFreshness(freshness) {
  const line = document.getElementById('freshness');
  if (!freshness || freshness.lastGlobalPosition === null) {
    line.textContent = 'No events applied yet';
    return;
  }
  const pending = freshness.pendingEvents;
  line.textContent = 'Data up to event #' + freshness.lastGlobalPosition + ', recorded '
      + shortTime(freshness.lastRecordedAt) + ' · ' + (pending === null ? 'lag unknown' : pending + ' events pending');
  line.classList.toggle('stale', pending === null || pending > 0);
}

async function loadTrend() {
  const body = document.querySelector('#trend .body');
  const interval = intervalFor(state.from, state.to);
  document.getElementById('trend-interval').textContent = 'per ' + interval + ' · '
      + (state.team || 'all teams');
  try {
    const [created, closed] = await Promise.all([
      api('/api/trends' + query({metric: 'created', interval})),
      api('/api/trends' + query({metric: 'closed', interval}))]);
    body.replaceChildren(lineChart([
      {name: 'created', points: created.points},
      {name: 'closed', points: closed.points}]),
        el('div', {class: 'legend'}, el('span', {class: 'created'}, 'created'), el('span', {class: 'closed'}, 'closed')));
  } catch (error) {
    body.replaceChildren(problem(error));
  }
}

/** About 7 to 90 points whatever the period. */
function intervalFor(from, to) {
  const days = (Date.parse(to) - Date.parse(from)) / 86400000 + 1;
  if (!(days > 0) || days <= 62) return 'day';
  return days <= 450 ? 'week' : 'month';
}

async function loadRanking() {
  const body = document.querySelector('#rankings .body');
  document.querySelectorAll('#rankings .windows button')
      .forEach(button => button.classList.toggle('active', button.dataset.window === state.window));
  const params = new URLSearchParams({window: state.window, limit: 10});
  if (state.to) params.set('to', state.to);
  if (state.team) params.set('team', state.team);
  const path = '/api/rankings/' + encodeURIComponent(state.dimension) + '?' + params;
  try {
    const ranking = await api(path);
    const max = Math.max(1, ...ranking.rows.map(row => row.count));
    const table = el('table', {class: 'ranking'},
        ...ranking.rows.map(row => el('tr', {},
            el('td', {class: 'rank'}, String(row.rank)),
            el('td', {class: 'key', title: row.label || row.key || '(none)'}, row.label || row.key || '(none)'),
            el('td', {class: 'bar'}, el('div', {style: 'width:' + (100 * row.count / max).toFixed(1) + '%'})),
            el('td', {class: 'count'}, String(row.count), change(row)))));
    const window = ranking.from ? ranking.from + ' – ' + ranking.to : 'up to ' + ranking.to;
    body.replaceChildren(
        ranking.rows.length ? table : el('p', {class: 'unavailable'}, 'Nothing in this window'),
        el('p', {class: 'note'}, window + (ranking.note ? ' · ' + ranking.note : '') + ' · ',
            el('a', {href: path + '&format=csv'}, 'CSV')));
  } catch (error) {
    body.replaceChildren(problem(error));
  }
}

/** Against the previous window of the same length: more issues than before is the bad direction. */
function change(row) {
  if (row.change === null || row.change === undefined || row.change === 0) return '';
  return row.change > 0 ? el('span', {class: 'up', title: 'previous window: ' + row.previousCount}, ' ▲' + row.change)
      : el('span', {class: 'down', title: 'previous window: ' + row.previousCount}, ' ▼' + (-row.change));
}

async function loadHeatMap() {
  const body = document.querySelector('#heatmap .body');
  // One team's map would be a single row: show its priorities instead.
  const rows = state.team ? 'priority' : 'team';
  document.getElementById('heatmap-title').textContent =
      (rows === 'team' ? 'Team' : 'Priority') + ' × category · issues created';
  try {
    const map = await api('/api/heatmap' + query({rows, cols: 'category', limit: 12}));
    if (!map.cells.length) {
      body.replaceChildren(el('p', {class: 'unavailable'}, 'No issues created in this period'));
      return;
    }
    const counts = new Map(map.cells.map(cell => [cell.row + '\u0000' + cell.col, cell.count]));
    const table = el('table', {class: 'heat'},
        el('tr', {}, el('th', {}, ''), ...map.colKeys.map(col => el('th', {class: 'col'}, col || '(none)'))),
        ...map.rowKeys.map(row => el('tr', {},
            el('th', {}, row || '(none)'),
            ...map.colKeys.map(col => {
              const count = counts.get(row + '\u0000' + col) || 0;
              return el('td', {style: heat(count, map.max), title: (row || '(none)') + ' × ' + (col || '(none)')},
                  count ? String(count) : '');
            }))));
    body.replaceChildren(el('div', {class: 'heat'}, table));
  } catch (error) {
    body.replaceChildren(problem(error));
  }
}

function heat(count, max) {
  if (!count) return 'background:#f6f7fa';
  const share = Math.sqrt(count / max); // square root: small counts stay visible next to a hot spot
  const light = Math.round(95 - 55 * share);
  return 'background:hsl(216,70%,' + light + '%);color:' + (light < 60 ? '#fff' : '#1d2433');
}

// ---------------------------------------------------------------------------------------------- SLA
// The SLA read model is its own package with its own API. Where it is not deployed (404) these panels stay
// placeholders that say so; the rest of the dashboard never depends on it.

async function loadSlaGauges() {
  const panel = document.getElementById('sla-gauges');
  const body = panel.querySelector('.body');
  try {
    const report = await api('/api/sla/compliance' + query({groupBy: 'priority'}));
    panel.classList.remove('placeholder');
    const rows = (report.rows || [])
        .filter(row => row.group && row.group.priority)
        .sort((a, b) => a.group.priority.localeCompare(b.group.priority));
    body.replaceChildren(rows.length
        ? el('div', {class: 'gauges'}, ...rows.map(row => gauge(row.group.priority,
            row.resolution.compliancePercent,
            'first response ' + percentOf(row.firstResponse.compliancePercent))))
        : el('p', {class: 'unavailable'}, 'No SLA clocks measured in this period'));
  } catch (error) {
    slaUnavailable(panel, error);
  }
}

async function loadAtRisk() {
  const panel = document.getElementById('sla-at-risk');
  const body = panel.querySelector('.body');
  try {
    const atRisk = await api('/api/sla/at-risk?limit=10' + (state.team ? '&team=' + encodeURIComponent(state.team) : ''));
    panel.classList.remove('placeholder');
    const clocks = atRisk.clocks || [];
    body.replaceChildren(clocks.length
        ? el('table', {class: 'ranking'}, ...clocks.map(clock => el('tr', {},
            el('td', {class: 'rank'}, clock.priority || ''),
            el('td', {class: 'key'}, el('a', {href: '/api/issues/' + clock.issueId}, clock.issueId.slice(0, 8)),
                ' ' + (clock.category || '') + ' · ' + (clock.clock === 'FIRST_RESPONSE' ? 'first response' : 'resolution')),
            el('td', {class: 'count' + (clock.overdue ? ' up' : '')},
                (clock.overdue ? 'overdue since ' : 'due ') + shortTime(clock.dueAt)))))
        : el('p', {class: 'unavailable'}, 'Nothing at risk right now'));
  } catch (error) {
    slaUnavailable(panel, error);
  }
}

function slaUnavailable(panel, error) {
  panel.classList.add('placeholder');
  panel.querySelector('.body').replaceChildren(el('p', {class: 'unavailable'},
      error.status === 404 ? 'SLA data not available' : 'SLA data not available: ' + error.message));
}

function percentOf(value) {
  return value === null || value === undefined ? '–' : value.toFixed(1) + ' %';
}

/** A half-circle gauge of a compliance percentage (null: nothing measured). */
function gauge(label, percentValue, sub) {
  const ratio = percentValue === null || percentValue === undefined ? null : percentValue / 100;
  const shown = Math.max(0, Math.min(1, ratio || 0));
  const angle = Math.PI * shown;
  const x = 50 - 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  const color = ratio === null ? '#e3e6ee' : ratio >= 0.95 ? 'var(--closed)' : ratio >= 0.8 ? 'var(--warn)' : 'var(--bad)';
  const svg = svgEl('svg', {viewBox: '0 0 100 60', width: 120, class: 'chart gauge-dial'},
      svgEl('path', {d: 'M10 50 A40 40 0 0 1 90 50', stroke: '#e3e6ee', 'stroke-width': 10, fill: 'none'}),
      shown > 0 ? svgEl('path', {d: 'M10 50 A40 40 0 0 1 ' + x.toFixed(1) + ' ' + y.toFixed(1), stroke: color,
        'stroke-width': 10, fill: 'none'}) : '',
      svgEl('text', {x: 50, y: 48, 'text-anchor': 'middle', style: 'font-size:14px;fill:#1d2433'},
          ratio === null ? '–' : Math.round(ratio * 100) + '%'));
  return el('div', {class: 'gauge'}, svg, el('div', {class: 'gauge-label'}, label), el('div', {}, sub));
}

// ---------------------------------------------------------------------------------------------- line chart

function lineChart(series) {
  const width = 900;
  const height = 260;
  const left = 40;
  const right = 12;
  const top = 12;
  const bottom = 28;
  const points = series[0].points;
  const n = points.length;
  const step = niceStep(Math.max(1, ...series.flatMap(s => s.points.map(p => p.value || 0))) / 4);
  const max = step * 4;
  const x = i => left + (n === 1 ? (width - left - right) / 2 : i * (width - left - right) / (n - 1));
  const y = v => top + (height - top - bottom) * (1 - v / max);

  const svg = svgEl('svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': series.map(s => s.name).join(' vs ')});
  for (let i = 0; i <= 4; i++) {
    const value = step * i;
    svg.append(svgEl('line', {class: 'axis', x1: left, x2: width - right, y1: y(value), y2: y(value)}),
        svgEl('text', {x: left - 6, y: y(value) + 4, 'text-anchor': 'end'}, formatCount(value)));
  }
  const every = Math.max(1, Math.ceil(n / 8));
  points.forEach((point, i) => {
    // The last point always gets its date, unless the previous label would run into it.
    if (i % every === 0 ? n - 1 - i >= every / 2 || i === n - 1 : i === n - 1) {
      const anchor = n > 1 && i === n - 1 ? 'end' : i === 0 && n > 1 ? 'start' : 'middle';
      svg.append(svgEl('text', {x: x(i), y: height - 8, 'text-anchor': anchor}, point.start.slice(5)));
    }
  });
  series.forEach(s => {
    svg.append(svgEl('polyline', {class: s.name,
      points: s.points.map((p, i) => x(i).toFixed(1) + ',' + y(p.value || 0).toFixed(1)).join(' ')}));
    s.points.forEach((p, i) => svg.append(svgEl('circle', {class: s.name, cx: x(i), cy: y(p.value || 0), r: n > 60 ? 1.5 : 3},
        svgEl('title', {}, s.name + ' ' + p.start + (p.end !== p.start ? ' – ' + p.end : '') + ': ' + (p.value || 0)))));
  });
  return svg;
}

/** 1, 2 or 5 times a power of ten, at least the value and at least 1: whole-number axis labels for counts. */
function niceStep(value) {
  const magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(1, value))));
  return [1, 2, 5, 10].map(f => f * magnitude).find(candidate => candidate >= value);
}

// ---------------------------------------------------------------------------------------------- helpers

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach(child => node.append(child instanceof Node ? child : document.createTextNode(child)));
  return node;
}

function svgEl(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach(child => node.append(child instanceof Node ? child : document.createTextNode(child)));
  return node;
}

function problem(error) {
  return el('p', {class: 'error'}, error.message);
}

function percent(ratio) {
  return ratio === null || ratio === undefined ? '–' : (ratio * 100).toFixed(1) + ' %';
}

function hours(value) {
  if (value === null || value === undefined) return '–';
  return value >= 48 ? (value / 24).toFixed(1) + ' d' : value.toFixed(1) + ' h';
}

function formatCount(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function shortTime(iso) {
  return iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '–';
}

function addDays(isoDate, days) {
  const date = new Date(isoDate + 'T00:00:00Z');
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function markPreset() {
  const days = state.from && state.to ? (Date.parse(state.to) - Date.parse(state.from)) / 86400000 + 1 : null;
  document.querySelectorAll('.presets button')
      .forEach(button => button.classList.toggle('active', Number(button.dataset.days) === days));
}
