// The cost dashboard: reads the cost API with the analyst's bearer token and redraws every few
// seconds. The token comes from the page's #token= fragment (never sent to a server or logged)
// or from the form, and is kept for the browser tab only.
(function () {
  'use strict';
  const REFRESH_MS = 5000;
  const HOUR = 3600 * 1000;
  const COLOURS = ['#3a7be0', '#e0a43a', '#3aa86b', '#d9534f', '#8a5cd6', '#2bb3c0', '#c0562b', '#7a8294'];

  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    sessionStorage.setItem('switchyard.token', fragment.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  const $ = (id) => document.getElementById(id);

  async function api(path) {
    const response = await fetch(path, {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('switchyard.token')}});
    if (response.status === 401) {
      sessionStorage.removeItem('switchyard.token');
      throw new Error('the token was refused');
    }
    if (!response.ok) {
      throw new Error(path + ': ' + response.status);
    }
    return response.json();
  }

  const usd = (nano) => (Number(nano) / 1e9).toLocaleString('en-US', {style: 'currency', currency: 'USD', maximumFractionDigits: 6});

  function el(name, attributes, children) {
    const svg = ['svg', 'rect', 'g', 'text', 'line', 'title'].includes(name);
    const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', name) : document.createElement(name);
    Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, v));
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  // Stacked bars: one bar per hour, one segment per series (model or tenant).
  function stackedHours(target, rows, seriesOf) {
    const end = Math.ceil(Date.now() / HOUR) * HOUR;
    const hours = Array.from({length: 24}, (_, i) => end - (24 - i) * HOUR);
    const series = [...new Set(rows.map(seriesOf))].sort();
    const cost = new Map();
    rows.forEach((r) => {
      const key = r.windowStartMs + '|' + seriesOf(r);
      cost.set(key, (cost.get(key) || 0) + Number(r.costNanoUsd));
    });
    const totals = hours.map((h) => series.reduce((sum, s) => sum + (cost.get(h + '|' + s) || 0), 0));
    const max = Math.max(1, ...totals);
    const width = 720, height = 200, left = 70, barWidth = (width - left) / 24;
    const svg = el('svg', {viewBox: `0 0 ${width} ${height + 20}`, 'data-series': series.join(',')});
    [0, 0.5, 1].forEach((f) => {
      const y = height - f * height;
      svg.append(el('line', {x1: left, x2: width, y1: y, y2: y, stroke: '#e6e8ee'}));
      svg.append(el('text', {x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11}, [usd(max * f)]));
    });
    hours.forEach((h, i) => {
      let y = height;
      series.forEach((s, j) => {
        const c = cost.get(h + '|' + s) || 0;
        if (c > 0) {
          const barHeight = Math.max(1, (c / max) * height);
          y -= barHeight;
          svg.append(el('rect', {x: left + i * barWidth + 1, y: y, width: barWidth - 2, height: barHeight,
            fill: COLOURS[j % COLOURS.length], 'data-series': s, 'data-hour': h, 'data-cost-nano-usd': c},
            [el('title', {}, [`${s} ${new Date(h).toISOString().slice(11, 16)}Z: ${usd(c)}`])]));
        }
      });
      if (i % 6 === 0) {
        svg.append(el('text', {x: left + i * barWidth, y: height + 15, 'font-size': 11}, [new Date(h).toISOString().slice(11, 16) + 'Z']));
      }
    });
    const legend = el('div', {class: 'legend'}, series.map((s, j) =>
      el('span', {}, [el('i', {style: 'background:' + COLOURS[j % COLOURS.length]}), s])));
    target.replaceChildren(series.length ? svg : el('p', {class: 'empty'}, ['No spend in the last 24 hours.']), legend);
  }

  function meter(label, fraction, text, classes, fillClass) {
    return el('div', {class: 'meter ' + (classes || '')}, [
      el('span', {}, [label]),
      el('div', {class: 'bar'}, [el('div', {class: 'fill ' + (fillClass || ''), style: `width:${Math.min(100, fraction * 100).toFixed(1)}%`})]),
      el('span', {}, [text])]);
  }

  function budgets(rows) {
    $('budgets').replaceChildren(...(rows.length ? rows.map((b) => {
      const used = Number(b.spentNanoUsd) / Math.max(1, Number(b.limitNanoUsd));
      const node = meter(b.owner + ' (' + b.period.toLowerCase() + ')', used,
        `${(used * 100).toFixed(1)}% of ${usd(b.limitNanoUsd)}`, b.state);
      node.dataset.owner = b.owner;
      node.dataset.state = b.state;
      return node;
    }) : [el('p', {class: 'empty'}, ['No budget policies.'])]));
  }

  function batches(rows) {
    $('batches').replaceChildren(...(rows.length ? rows.map((b) => {
      const done = b.total - b.pending;
      const node = meter(b.batchId, b.total ? done / b.total : 0, `${done}/${b.total} ${b.state === 'COMPLETED' ? 'done' : ''}`,
        '', b.state === 'COMPLETED' ? 'done' : '');
      node.dataset.batch = b.batchId;
      node.dataset.state = b.state;
      return node;
    }) : [el('p', {class: 'empty'}, ['No batches yet.'])]));
  }

  async function refresh() {
    const from = Date.now() - 25 * HOUR;
    try {
      const [models, tenants, budgetRows, batchRows] = await Promise.all([
        api(`/api/costs?by=model&window=hour&from=${from}`),
        api(`/api/costs?by=tenant&window=hour&from=${from}`),
        api('/api/budgets'),
        api('/api/batches?limit=20')]);
      stackedHours($('by-model'), models, (r) => r.model);
      stackedHours($('by-tenant'), tenants, (r) => r.tenantId);
      budgets(budgetRows);
      batches(batchRows);
      $('status').textContent = 'updated ' + new Date().toISOString().slice(11, 19) + 'Z';
      $('status').dataset.loaded = 'true';
    } catch (e) {
      $('status').textContent = e.message;
      if (!sessionStorage.getItem('switchyard.token')) {
        showLogin();
      }
    }
  }

  function showLogin() {
    $('panels').hidden = true;
    $('login').hidden = false;
  }

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('switchyard.token', $('token').value);
    start();
  });

  let timer;
  function start() {
    $('login').hidden = true;
    $('panels').hidden = false;
    clearInterval(timer);
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  if (sessionStorage.getItem('switchyard.token')) {
    start();
  } else {
    showLogin();
  }
})();
