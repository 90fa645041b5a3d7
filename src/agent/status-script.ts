/**
 * /assets/status.js: makes the server-rendered status page live. It polls
 * the read API once a second (the agent is one process on one host; a poll
 * is a few SQLite reads) and rebuilds rows with DOM calls and textContent
 * only — no HTML from data. Search filters the images table as you type;
 * without the script the search form asks the server instead.
 */
export const STATUS_SCRIPT = String.raw`'use strict';
(function () {
  var POLL_MS = 1000;
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function bytes(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '\u2014';
    var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
    while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + u[i];
  }
  function ago(iso) {
    var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (!isFinite(s)) return iso;
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  function shortDigest(d) { return typeof d === 'string' ? d.replace(/^sha256:/, '').slice(0, 12) : ''; }
  function title(job) { return job.kind === 'remove' ? 'remove ' + job.remove.join(', ') : job.image; }
  function progressText(job) {
    var p = job.progress;
    if (job.status === 'queued') return job.waiting || 'waiting';
    if (!p) return job.status;
    return p.phase + (p.layersTotal ? ', layer ' + p.layersDone + '/' + p.layersTotal : '') +
      (p.bytesTotal ? ', ' + bytes(p.bytes) + ' of ' + bytes(p.bytesTotal) : '');
  }
  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.json();
    });
  }
  function setLive(text) { var s = document.getElementById('live-status'); if (s && s.textContent !== text) s.textContent = text; }
  function replaceRows(tableId, rows) {
    var table = document.getElementById(tableId);
    if (!table) return;
    var body = table.tBodies[0];
    body.replaceChildren.apply(body, rows);
    var empty = document.querySelector('[data-empty-for="' + tableId + '"]');
    if (empty) empty.hidden = rows.length > 0;
  }
  function jobRow(job, withReason) {
    var t = job.timings, when = t.finishedAt || t.startedAt || t.queuedAt;
    var live = job.status === 'running' || job.status === 'queued';
    var cell = el('td', { 'class': 'progress' });
    if (job.status === 'running') {
      var p = job.progress || {};
      cell.appendChild(el('progress', { max: String(p.bytesTotal || 1), value: String(p.bytes || 0), 'aria-label': 'progress of ' + title(job) }));
    }
    cell.appendChild(el('span', { 'class': 'progress-text', text: live ? progressText(job) : (job.source || '') }));
    var cells = [
      el('td', {}, [el('a', { href: '/jobs/' + job.id, text: title(job) })]),
      el('td', {}, [el('span', { 'class': 'status status-' + job.status, text: job.status })]),
      cell,
      el('td', {}, [el('time', { datetime: when, text: ago(when) })]),
    ];
    if (withReason) cells.push(el('td', { 'class': 'reason', text: job.error || '' }));
    return el('tr', { 'data-job': job.id }, cells);
  }
  function imageRow(i) {
    return el('tr', { 'data-name': i.name }, [
      el('td', {}, [el('a', { href: '/api/v1/images/' + encodeURIComponent(i.name), text: i.name }), el('br'), el('code', { 'class': 'path', text: i.path })]),
      el('td', {}, [el('code', { title: i.digest, text: shortDigest(i.digest) })]),
      el('td', {}, [el('time', { datetime: i.syncedAt, text: ago(i.syncedAt) })]),
      el('td', { 'class': 'num', text: bytes(i.size) }),
    ]);
  }
  function filterImages() {
    var input = document.getElementById('q');
    var table = document.getElementById('images');
    if (!input || !table) return;
    var q = input.value.trim().toLowerCase(), shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var hit = !q || (row.getAttribute('data-name') || '').toLowerCase().indexOf(q) !== -1;
      row.hidden = !hit;
      if (hit) shown++;
    });
    var empty = document.querySelector('[data-empty-for="images"]');
    if (empty) { empty.hidden = shown > 0; empty.textContent = q ? 'No image matches.' : 'No image is published yet.'; }
  }
  function refreshTimes() {
    Array.prototype.forEach.call(document.querySelectorAll('table time[datetime]'), function (t) { t.textContent = ago(t.getAttribute('datetime')); });
  }

  function statusPage() {
    var input = document.getElementById('q');
    if (input) {
      input.addEventListener('input', function () {
        filterImages();
        var url = new URL(location.href);
        if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
        history.replaceState(null, '', url);
      });
      filterImages();
    }
    var seen = '';
    function tick() {
      Promise.all([
        getJson('/api/v1/jobs?state=queued,running&limit=100'),
        getJson('/api/v1/jobs?state=failed&limit=10'),
        getJson('/api/v1/jobs?state=succeeded&limit=10'),
      ]).then(function (r) {
        replaceRows('active-jobs', r[0].jobs.map(function (j) { return jobRow(j, false); }));
        replaceRows('failed-jobs', r[1].jobs.map(function (j) { return jobRow(j, true); }));
        replaceRows('recent-jobs', r[2].jobs.map(function (j) { return jobRow(j, false); }));
        var finished = r[1].jobs.concat(r[2].jobs).map(function (j) { return j.id; }).join(',');
        var changed = finished !== seen;
        seen = finished;
        setLive(r[0].jobs.length ? r[0].jobs.length + ' job(s) queued or running' : 'Up to date');
        if (!changed) return;
        return getJson('/api/v1/images?limit=1000').then(function (d) {
          replaceRows('images', d.images.map(imageRow));
          var count = document.getElementById('image-count');
          if (count) count.textContent = d.images.length + (d.images.length === 1 ? ' image' : ' images') + (d.next ? ' or more' : '');
          filterImages();
        });
      }).then(refreshTimes, function () { setLive('The agent does not answer; retrying.'); })
        .then(function () { setTimeout(tick, POLL_MS); });
    }
    setTimeout(tick, POLL_MS);
  }

  function jobPage(article) {
    var id = article.getAttribute('data-job');
    function tick() {
      getJson('/api/v1/jobs/' + id).then(function (job) {
        var st = document.getElementById('job-status');
        st.textContent = job.status;
        st.className = 'status status-' + job.status;
        article.setAttribute('data-status', job.status);
        document.getElementById('job-progress').textContent = progressText(job);
        var err = document.getElementById('job-error');
        err.textContent = job.error || '';
        err.hidden = !job.error;
        replaceRows('job-images', job.images.map(function (i) {
          return el('tr', {}, [
            el('td', { text: i.ref }),
            el('td', {}, [el('span', { 'class': 'status status-' + i.status, text: i.status })]),
            el('td', {}, [el('code', { text: shortDigest(i.digest) })]),
            el('td', {}, [el('code', { 'class': 'path', text: i.path || '' })]),
            el('td', { 'class': 'reason', text: i.error || '' }),
          ]);
        }));
        document.title = 'cvmfs-unpack: job ' + id.slice(0, 8) + ' ' + job.status;
        setLive(job.status === 'running' || job.status === 'queued' ? 'Job ' + job.status : 'Job ' + job.status + '.');
        if (job.status === 'running' || job.status === 'queued') setTimeout(tick, POLL_MS);
      }, function () { setLive('The agent does not answer; retrying.'); setTimeout(tick, POLL_MS * 3); });
    }
    var s = article.getAttribute('data-status');
    if (s === 'running' || s === 'queued') setTimeout(tick, POLL_MS);
  }

  function start() {
    var article = document.getElementById('job');
    if (article) jobPage(article); else statusPage();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;
