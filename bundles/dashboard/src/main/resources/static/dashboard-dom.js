// The cabinet dashboard's DOM helpers and how values read (times, durations, sizes). Every piece of data goes into
// the page through textContent (el() below), never through HTML parsing: a meter named <img src=x onerror=alert(1)>
// is shown as those characters. The other scripts take these from window.CabinetDashboard.
(function () {
  'use strict';
  var D = window.CabinetDashboard = window.CabinetDashboard || {};

  // ---- DOM helpers --------------------------------------------------------------------------
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'cls') { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function badge(word, cls) { return el('span', { cls: 'state state-' + String(cls || word).replace(/[^A-Za-z0-9_-]/g, '-'), text: String(word) }); }
  // a data table; each cell carries its column's name (data-label): where the card is too narrow for the columns
  // (a phone, half a desktop) the stylesheet shows each row as "column: value" lines instead of cutting it off
  function table(headers, rows) {
    var t = el('table', { cls: 'data' });
    var tr = el('tr');
    // a column of numbers is right-aligned, its heading too (a heading on the left over a number on the right read as
    // the neighbouring column's)
    var numeric = headers.map(function (h, i) { return rows.some(function (r) { return typeof r[i] === 'number'; }); });
    headers.forEach(function (h, i) { tr.appendChild(el('th', { text: h, cls: numeric[i] ? 'num' : '' })); });
    t.appendChild(el('thead', null, tr));
    var tb = el('tbody');
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c, i) {
        var td = el('td', { 'data-label': headers[i] });
        if (c instanceof Node) { td.appendChild(c); } else {
          td.textContent = c === null || c === undefined ? '—' : String(c);
          if (numeric[i]) { td.className = 'num'; }
        }
        row.appendChild(td);
      });
      tb.appendChild(row);
    });
    t.appendChild(tb);
    return t;
  }
  function ago(ms) {
    if (ms === null || ms === undefined) { return '—'; }
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    return s < 90 ? s + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
  }
  function dur(ms) {
    if (ms === null || ms === undefined) { return '—'; }
    return ms < 1000 ? ms + ' ms' : ms < 120000 ? (ms / 1000).toFixed(1) + ' s' : Math.round(ms / 60000) + ' min';
  }
  function bytes(n) {
    if (typeof n !== 'number' || n < 0) { return null; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : String(n)) + ' ' + units[i];
  }
  function clock(ms) { return ms ? new Date(ms).toLocaleTimeString() : '—'; }
  function num(v, digits) { return typeof v === 'number' ? Number(v.toFixed(digits === undefined ? 1 : digits)) : null; }
  function numOrNull(v) { return typeof v === 'number' ? v : null; }

  // an event property as a person reads it: epoch milliseconds (since, declared, first.seen...) as the clock time,
  // *.ms as a duration; anything else as sent
  function readable(key, value) {
    var n = typeof value === 'number' ? value : /^\d{1,15}$/.test(String(value)) ? Number(value) : NaN;
    if (isNaN(n)) { return value; }
    if (/(^|\.)ms$/.test(key)) { return dur(n); }
    if (n > 1e12 && Math.abs(n - Date.now()) < 366 * 86400000) {
      var d = new Date(n);
      return new Date().toDateString() === d.toDateString() ? clock(n) : d.toLocaleString();
    }
    return value;
  }

  function eventTable(events, row, headers) {
    if (!events || !events.length) { return el('p', { cls: 'muted', text: 'None since the dashboard started.' }); }
    return table(headers, events.slice(0, 20).map(row));
  }

  D.el = el;
  D.clear = clear;
  D.badge = badge;
  D.table = table;
  D.ago = ago;
  D.dur = dur;
  D.bytes = bytes;
  D.clock = clock;
  D.num = num;
  D.numOrNull = numOrNull;
  D.readable = readable;
  D.eventTable = eventTable;
})();
