// The cabinet dashboard. Every piece of data goes into the page through textContent (el() below), never
// through HTML parsing: a meter named <img src=x onerror=alert(1)> is shown as those characters.
(function () {
  'use strict';

  var DIMENSIONS = ['POWER', 'NETWORK', 'STORAGE', 'UPLINK', 'HARDWARE', 'SOFTWARE'];
  var snapshot = null;
  var history = {};          // series name -> {t: [], v: []}
  var lastSecond = 0;
  var historyMinutes = 60;
  var plots = {};            // plot id -> {uplot, key}
  var source = null;
  var retryMs = 2000;
  var refreshTimer = null;

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

  // ---- sections ---------------------------------------------------------------------------------
  function section(id, data) {
    var sec = document.getElementById('sec-' + id);
    var avail = data ? data.available : 'not installed';
    sec.setAttribute('data-available', avail);
    var a = sec.querySelector('.availability');
    clear(a);
    if (avail !== 'ok') {
      a.appendChild(badge(avail, avail));
      a.appendChild(document.createTextNode(avail === 'restarting'
        ? ' — the bundle is installed but not running (being updated, starting or stopped)'
        : avail === 'not configured' ? ' — the bundle runs but offers nothing yet: it has no configuration'
          : ' — this capability is not installed on this gateway'));
    }
    var body = sec.querySelector('.body');
    return { body: body, ok: avail === 'ok' };
  }

  // the HA pair reports as health components ha.*; until one does, the hardware dimension is one gateway
  function haPair() {
    var h = snapshot && snapshot.health && snapshot.health.components;
    return !!h && Object.keys(h).some(function (k) { return k.indexOf('ha.') === 0; });
  }

  function renderCabinet(c) {
    var state = c && c.available === 'ok' ? c.state : (c ? c.available : 'not installed');
    var s = document.getElementById('cabinet-state');
    s.textContent = state.toUpperCase();
    s.className = 'state state-' + (c && c.available === 'ok' ? c.state : 'UNKNOWN');
    document.title = 'Cabinet ' + state.toUpperCase();
    document.getElementById('cabinet-since').textContent = c && c.since ? 'since ' + clock(c.since) + ' (' + ago(c.since) + ')'
      : 'the failover coordinator gives the cabinet state: ' + state;
    var f = document.getElementById('findings');
    clear(f);
    DIMENSIONS.forEach(function (d) {
      var found = c && c.findings ? c.findings.filter(function (x) { return x.dimension === d; }) : [];
      var worst = !c || c.available !== 'ok' ? 'UNKNOWN' : found.some(function (x) { return x.severity === 'CRITICAL'; }) ? 'CRITICAL'
        : found.length ? 'DEGRADED' : 'NORMAL';
      var ul = el('ul');
      found.forEach(function (x) { ul.appendChild(el('li', { text: x.severity + ': ' + x.phrase })); });
      if (!found.length) {
        ul.appendChild(el('li', { text: worst === 'UNKNOWN' ? 'unknown' : d === 'HARDWARE' && !haPair() ? 'no HA pair (single gateway)' : 'nothing lost' }));
      }
      f.appendChild(el('div', { cls: 'dim sev-' + worst, 'data-dimension': d },
        el('strong', { text: d.charAt(0) + d.slice(1).toLowerCase() + ' ' }), badge(worst === 'UNKNOWN' ? 'UNKNOWN' : worst), ul));
    });
  }

  function renderPower(p) {
    var s = section('power', p);
    clear(s.body);
    if (!s.ok) { return; }
    // a source back whose restore delay runs is LOST in the power bundle's sources until it has passed, while the
    // cabinet may already be fed by it: say it is returning rather than show "fed by the generator, generator LOST"
    var returning = p.returning || [];
    var sources = Object.keys(p.sources || {}).map(function (k) {
      return k + ' ' + (returning.indexOf(k) >= 0 ? 'RETURNING (live again, restore delay running)' : p.sources[k]);
    }).join(', ');
    s.body.appendChild(el('p', null, 'Fed by ', badge(p.state), ' since ' + clock(p.since) + '. Sources: ' + (sources || 'none metered') + '.'));
    // the power bundle's last transfer is either way (mains to generator, or back): its direction from the newest TRANSFER
    var newest = (p.transfers || []).filter(function (e) { return /TRANSFER$/.test(e.topic); })[0];
    var way = newest && newest.props.from && newest.props.to ? ' (' + newest.props.from + ' → ' + newest.props.to + ')' : '';
    s.body.appendChild(el('p', { cls: 'muted', text: 'Last transfer' + way + ': ' + dur(p.lastTransferMs) + ' · last UPS bridge: ' + dur(p.lastBridgeMs) }));
    s.body.appendChild(table(['Meter', 'Role', 'Voltage (V)', 'Freq (Hz)', 'Power (W)', 'Charge (%)', 'Runtime (s)', 'Reading'],
      (p.meters || []).map(function (m) {
        var v = m.values || {};
        return [m.name, m.role, num(v.voltage), num(v.frequency, 2), num(v.power, 0), num(v.battery_charge, 0), num(v.runtime_left, 0),
          m.stale ? badge('STALE ' + (m.error || ''), 'DOWN') : ago(m.timestamp)];
      })));
    s.body.appendChild(plotBox('power-voltage', 'Voltage (V), last hour', /^meter\.(.*)\.voltage$/));
    s.body.appendChild(plotBox('power-frequency', 'Frequency (Hz)', /^meter\.(.*)\.frequency$/));
    s.body.appendChild(plotBox('power-power', 'Power (W)', /^meter\.(.*)\.power$/));
    s.body.appendChild(plotBox('power-charge', 'UPS charge (%)', /^meter\.(.*)\.battery_charge$/, PERCENT));
    s.body.appendChild(plotBox('power-runtime', 'UPS runtime left (s)', /^meter\.(.*)\.runtime_left$/, FROM_ZERO));
    s.body.appendChild(el('h3', { text: 'Transfers and UPS bridges' }));
    s.body.appendChild(eventTable(p.transfers, function (e) {
      var x = e.props;
      // a UPS bridge has no "from": the UPS's battery carried the cabinet until it was fed again
      var what = e.topic.split('/').pop();
      var from = x.from || (what === 'UPS_BRIDGED' ? 'ON_UPS_BATTERY' : '');
      return [clock(e.at), what, from + (x.to ? ' → ' + x.to : ''), dur(x['duration.ms'])];
    }, ['When', 'What', 'From → to', 'Duration']));
  }

  function renderNetwork(n) {
    var s = section('network', n);
    clear(s.body);
    if (!s.ok) { return; }
    s.body.appendChild(el('p', null, 'Active link: ', el('strong', { text: n.active || 'none' }), n.activeMetered ? ' (metered)' : ''));
    s.body.appendChild(table(['Link', 'Type', 'State', 'Active', 'Metered', 'Latency (ms)', 'Loss (%)', 'Why'],
      (n.links || []).map(function (l) {
        return [l.name, l.type + (l['interface'] ? ' (' + l['interface'] + ')' : ''), badge(l.state), l.active ? 'ACTIVE' : '', l.metered ? 'metered' : 'not metered',
          l.latencyMillis >= 0 ? l.latencyMillis : null, num(l.lossPercent), l.reason];
      })));
    s.body.appendChild(plotBox('net-latency', 'Latency (ms)', /^link\.(.*)\.latency$/, FROM_ZERO));
    s.body.appendChild(plotBox('net-loss', 'Loss (%)', /^link\.(.*)\.loss$/, PERCENT));
    s.body.appendChild(el('h3', { text: 'Switches' }));
    s.body.appendChild(eventTable(n.switches, function (e) {
      var x = e.props;
      // no previous link: the gateway had none up (a recovery from all down), not a switch from the same link
      return [clock(e.at), (x['previous.link'] || 'none') + ' → ' + (x.link || x['to.link'] || '') + (x.applied === false ? ' (recommended only: simulated routing)' : ''),
        x.cause || '', dur(x['fault.to.switch.ms'])];
    }, ['When', 'From → to', 'Cause', 'Fault to switch']));
  }

  function renderStorage(st) {
    var s = section('storage', st);
    clear(s.body);
    if (!st) { return; }
    s.body.appendChild(el('h3', { text: 'Arrays' }));
    var arrays = st.arrays || [];
    if (arrays.length && arrays[0].from === 'status') {
      // the storage bundle's ArrayStatus: every array as the last read of /proc/mdstat showed it
      s.body.appendChild(table(['Array', 'Level', 'State', 'Members', 'In sync', 'Sync', 'Why'], arrays.map(function (a) {
        var members = el('ul', { cls: 'members' });
        (a.members || []).forEach(function (m) {
          members.appendChild(el('li', null, el('span', { text: m.device + ' ' }), badge(roleWord(m.role), 'member-' + m.role)));
        });
        return [a.name, a.level || null, badge(a.state), members, a.raidDevices >= 0 ? a.workingDevices + ' of ' + a.raidDevices : null,
          syncCell(a), a.reason || (a.lastEvent ? 'last event: ' + a.lastEvent : '')];
      })));
    } else {
      s.body.appendChild(table(['Array', 'Level', 'Members in sync', 'Failed', 'Rebuild', 'Last event'],
        arrays.map(function (a) {
          return [a.name, a.level, a.raidDevices >= 0 ? a.workingDevices + ' of ' + a.raidDevices : null,
            (a.failedMembers || []).join(', ') || '—', a.syncing ? syncCell(a) : a.percent >= 0 ? 'finished (' + a.percent + ' %)' : '—',
            (a.gone ? 'GONE ' : '') + a.lastEvent];
        })));
    }
    if (!arrays.length) {
      // no ArrayStatus and no RAID event since the dashboard started (it restarted): the arrays' health still tells
      var raid = (st.raid || []).filter(function (r) { return r.name; });
      s.body.appendChild(raid.length ? table(['Array', 'State', 'Why', 'Since'], raid.map(function (r) { return [r.name, badge(r.state), r.reason, ago(r.since)]; }))
        : el('p', { cls: 'muted', text: 'No RAID array reported.' }));
    }
    s.body.appendChild(el('h3', { text: 'Disks (SMART)' }));
    var disks = st.disks || [];
    s.body.appendChild(disks.length ? table(['Disk', 'Device', 'Model', 'State', 'SMART', 'Temp (°C)', 'Reallocated', 'Pending', 'Wear (%)', 'Why', 'Read'],
      disks.map(function (d) {
        var verdict = d.smartPassed === true ? badge('PASSED', 'passed') : d.smartPassed === false ? badge('FAILED', 'failed') : null;
        return [d.name, d.device || null, d.model || null, badge(d.state), verdict, numOrNull(d.temperatureCelsius), numOrNull(d.reallocatedSectors),
          numOrNull(d.pendingSectors), numOrNull(d.percentageUsed), d.reason || d.error || '', d.checked ? ago(d.checked) : ago(d.since)];
      })) : el('p', { cls: 'muted', text: 'No disk watched (configuration org.cabinetgw.storage.disk).' }));
    s.body.appendChild(el('h3', { text: 'Filesystems' }));
    s.body.appendChild(table(['Name', 'Mount point', 'State', 'Free (%)', 'Available', 'Size', 'Why', 'Since'],
      (st.filesystems || []).map(function (f) {
        return [f.name, f.mountPoint ? f.mountPoint + (f.readOnly ? ' (read-only)' : '') : null, f.state ? badge(f.state) : null,
          typeof f.freePercent === 'number' ? f.freePercent : null, bytes(f.availableBytes), bytes(f.totalBytes),
          f.reason || f.error || '', ago(f.since)];
      })));
    s.body.appendChild(plotBox('storage-free', 'Filesystems: free space (%)', /^fs\.(.*)\.free$/, PERCENT));
  }

  // a sync action with its progress bar; the bar's aria-valuenow is the whole percent (the page's tests read it)
  function syncCell(a) {
    if (!a.syncing) { return a.syncAction ? a.syncAction + ' waiting' : '—'; }
    var p = typeof a.percent === 'number' ? Math.max(0, Math.min(100, a.percent)) : 0;
    var bar = el('div', { cls: 'progress', role: 'progressbar', 'aria-valuenow': String(Math.floor(p)) },
      el('div', { style: 'width:' + p + '%' }));
    return el('div', null, el('span', { text: (a.syncAction || 'sync') + ' ' + p + ' %' + (typeof a.finishMinutes === 'number' ? ', ' + a.finishMinutes + ' min left' : '') }), bar);
  }
  function roleWord(role) { return String(role || '').toLowerCase().replace(/_/g, ' '); }
  function numOrNull(v) { return typeof v === 'number' ? v : null; }

  function renderUplink(u) {
    var s = section('uplink', u);
    clear(s.body);
    if (!s.ok) { return; }
    s.body.appendChild(el('p', null, 'Transport: ', el('strong', { text: u.transport }), ' since ' + clock(u.since) +
      (u.metered ? ' · METERED: only important telemetry goes out, ' + u.queuedMessages + ' held back in the queue' : ' · not metered')));
    s.body.appendChild(table(['Queued', 'Queued bytes', 'Accepted', 'Delivered', 'Refused', 'Evicted', 'Dead letters', 'Switches'],
      [[u.queuedMessages, u.queuedBytes, u.accepted, u.delivered, u.refused, u.evicted, u.deadLettered, u.switches]]));
    s.body.appendChild(plotBox('uplink-queue', 'Queue depth (messages)', /^uplink\.(queued)$/, FROM_ZERO));
    s.body.appendChild(plotBox('uplink-rate', 'Delivery rate (messages/s)', /^uplink\.(rate)$/, FROM_ZERO));
  }

  function renderFailover(fo) {
    var s = section('failover', fo);
    clear(s.body);
    if (!s.ok) { return; }
    s.body.appendChild(el('h3', { text: 'Drills' }));
    (fo.drillKinds || []).forEach(function (k) { s.body.appendChild(drillButton(k)); });
    s.body.appendChild(el('div', { cls: 'drill-result', id: 'drill-result', role: 'status', 'aria-live': 'polite', text: drillText }));
    s.body.appendChild(eventTable(fo.drills, function (e) {
      var x = e.props;
      return [clock(e.at), x.drill, e.topic.endsWith('STARTED') ? 'started' : x.outcome, x.reason || '', dur(x['failover.ms']), dur(x['failback.ms'])];
    }, ['When', 'Drill', 'Outcome', 'Why', 'Failover', 'Fail-back']));
    s.body.appendChild(el('h3', { text: 'Episodes' }));
    var list = el('div', { id: 'episodes' });
    (fo.episodes || []).forEach(function (ep) {
      var steps = el('ol', { cls: 'timeline' });
      steps.appendChild(el('li', { text: clock(ep.firstSeen) + ' first seen' }));
      if (ep.declared) { steps.appendChild(el('li', { text: clock(ep.declared) + ' declared (+' + dur(ep.declared - ep.firstSeen) + ')' })); }
      (ep.actions || []).forEach(function (a) { steps.appendChild(el('li', { text: clock(a.at) + ' ' + a.what + ' (+' + dur(a.at - ep.firstSeen) + ')' })); });
      if (ep.restored) { steps.appendChild(el('li', { text: clock(ep.restored) + ' restored (+' + dur(ep.restored - ep.firstSeen) + ')' })); }
      list.appendChild(el('div', { cls: 'episode' }, el('strong', { text: ep.dimension + ': ' + ep.what + ' ' }),
        badge(ep.open ? 'OPEN' : ep.outcome, ep.open ? 'DEGRADED' : /fail|escalat/.test(ep.outcome) ? 'failed' : 'passed'), steps));
    });
    if (!(fo.episodes || []).length) { list.appendChild(el('p', { cls: 'muted', text: 'No episode yet.' })); }
    s.body.appendChild(list);
  }

  // the drill controls outlive the re-rendering of the section (every event and sample re-renders it)
  var armedDrill = null;
  var drillText = '';
  function setDrillText(text) {
    drillText = text;
    var r = document.getElementById('drill-result');
    if (r) { r.textContent = text; }
  }

  function drillButton(kind) {
    var lower = kind.toLowerCase();
    var wrap = el('span');
    if (armedDrill !== kind) {
      var start = el('button', { type: 'button', id: 'drill-' + lower, text: 'Run ' + lower + ' drill…' });
      start.addEventListener('click', function () { armedDrill = kind; renderFailover(snapshot.failover); });
      wrap.appendChild(start);
      return wrap;
    }
    var yes = el('button', { type: 'button', cls: 'confirm', id: 'drill-' + lower + '-confirm', text: 'Yes, take the ' + lower + ' away on purpose' });
    var no = el('button', { type: 'button', text: 'Cancel' });
    no.addEventListener('click', function () { armedDrill = null; renderFailover(snapshot.failover); });
    yes.addEventListener('click', function () {
      armedDrill = null;
      renderFailover(snapshot.failover);
      setDrillText(lower + ' drill running…');
      fetch(new URL('../failover/drill/' + lower, location.href), { method: 'POST', credentials: 'same-origin' })
        .then(function (r) {
          if (r.status === 401 || r.status === 403) {
            setDrillText(lower + ' drill refused: the web console administrator must log in (HTTP ' + r.status + ')');
            return null;
          }
          return r.json().then(function (j) { setDrillText(lower + ' drill ' + (j.outcome || ('HTTP ' + r.status)) + (j.detail ? ': ' + j.detail : '')); });
        })
        .catch(function (e) { setDrillText(lower + ' drill: no answer (' + e.message + ')'); });
    });
    wrap.appendChild(el('span', { text: 'Run the ' + lower + ' drill now? ' }));
    wrap.appendChild(yes);
    wrap.appendChild(no);
    return wrap;
  }

  function renderSoftware(sw) {
    var s = section('software', sw);
    clear(s.body);
    if (!s.ok) { return; }
    s.body.appendChild(el('p', null, 'Deployment agent: ', badge(sw.deployAgent, sw.deployAgent)));
    if (sw.packages && sw.packages.length) {
      s.body.appendChild(table(['Deployment package', 'Version', 'Bundles'], sw.packages.map(function (p) {
        return [p.name, p.version, (p.bundles || []).join(', ')];
      })));
    }
    s.body.appendChild(table(['Bundle', 'Version', 'State', 'Installed by'], (sw.bundles || []).map(function (b) {
      return [b.name, b.version, badge(b.state),
        b['package'] ? 'package ' + b['package'] : (b.fromPackage ? 'deployment package' : 'the runtime jar')];
    })));
    // from the deploy bundle's journal (every deployment, before this page's bundle started too), else its events
    var fromJournal = sw.journalSource === 'journal';
    s.body.appendChild(el('h3', { text: fromJournal ? 'Deployment journal' : 'Deployment journal (' + (sw.journalSource || 'since the dashboard started') + ')' }));
    var journal = sw.journal || [];
    s.body.appendChild(journal.length ? table(['When', 'Result', 'Package', 'Version', 'Who', 'Why', 'Took'], journal.slice(0, 20).map(function (j) {
      return [j.at ? new Date(j.at).toLocaleString() : null, badge(j.result || '?', /ROLL|FAIL/.test(j.result) ? 'DOWN' : j.result === 'IN_PROGRESS' ? 'DEGRADED' : 'UP'),
        j['package'], (j.previousVersion ? j.previousVersion + ' → ' : '') + (j.version || ''),
        j.requester === 'seed' ? 'shipped with the gateway (seed)' : j.requester, j.reason, dur(j.tookMs)];
    })) : el('p', { cls: 'muted', text: fromJournal ? 'No deployment yet.' : 'None since the dashboard started.' }));
  }

  function renderEvents(events) {
    var body = document.querySelector('#sec-events .body');
    clear(body);
    body.appendChild(eventTable(events, function (e) {
      var x = e.props;
      var detail = Object.keys(x).filter(function (k) { return k !== 'timestamp'; }).slice(0, 6)
        .map(function (k) { return k + '=' + readable(k, x[k]); }).join(' ');
      return [clock(e.at), e.topic.replace('org/cabinetgw/', ''), detail];
    }, ['When', 'Event', 'Details']));
  }

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

  function render(snap) {
    snapshot = snap;
    if (snap.dashboard) { historyMinutes = snap.dashboard.historyMinutes || 60; }
    renderCabinet(snap.cabinet);
    renderPower(snap.power);
    renderNetwork(snap.network);
    renderStorage(snap.storage);
    renderUplink(snap.uplink);
    renderFailover(snap.failover);
    renderSoftware(snap.software);
    renderEvents(snap.events);
    drawPlots();
    var d = snap.dashboard || {};
    document.getElementById('footer').textContent = 'Updated ' + clock(snap.generated) + ' · ' + (d.series || 0) + ' plotted series, ' +
      d.sampleSeconds + ' s samples, ' + d.historyMinutes + ' min history · ' + (d.streams || 0) + ' live page(s)';
  }

  // ---- plots ------------------------------------------------------------------------------------------
  var COLOURS = ['#1f4e9c', '#b00020', '#1b6e20', '#8a5a00', '#6a1b9a', '#00695c', '#4a4a4a', '#ad1457'];
  var boxes = {};
  // the value axis: percentages always 0..100 (a loss of 100 % drawn on a 0..200 axis reads as half), counts and
  // times from 0 up to the largest value (a flat line is not magnified into a slope); the rest as uPlot chooses
  var PERCENT = function () { return [0, 100]; };
  var FROM_ZERO = function (self, min, max) { return [0, max > 0 ? max * 1.1 : 1]; };
  function plotBox(id, title, pattern, yRange) {
    var box = el('div', { cls: 'plot', id: 'plot-' + id }, el('div', { cls: 'title-line', text: title }));
    boxes[id] = { node: box, pattern: pattern, yRange: yRange };
    return box;
  }
  function drawPlots() {
    Object.keys(boxes).forEach(function (id) {
      var b = boxes[id];
      if (!document.body.contains(b.node)) { delete boxes[id]; return; }
      var names = Object.keys(history).filter(function (n) { return b.pattern.test(n); }).sort();
      if (!names.length) { b.node.appendChild(el('div', { cls: 'muted', text: 'no samples yet' })); return; }
      var times = {};
      names.forEach(function (n) { history[n].t.forEach(function (t) { times[t] = true; }); });
      var xs = Object.keys(times).map(Number).sort(function (a, c) { return a - c; });
      var index = {};
      xs.forEach(function (t, i) { index[t] = i; });
      var data = [xs];
      names.forEach(function (n) {
        var ys = new Array(xs.length).fill(null);
        history[n].t.forEach(function (t, i) { ys[index[t]] = history[n].v[i]; });
        data.push(ys);
      });
      var width = Math.max(240, Math.min(b.node.parentNode ? b.node.parentNode.clientWidth - 8 : 600, 1200));
      var key = names.join('|') + '@' + width;
      var existing = plots[id];
      if (existing && existing.key === key) {
        existing.uplot.setData(data);
        b.node.appendChild(existing.uplot.root);
        return;
      }
      if (existing) { existing.uplot.destroy(); }
      if (typeof uPlot === 'undefined') { return; }
      var series = [{}].concat(names.map(function (n, i) {
        var m = b.pattern.exec(n);
        return { label: m && m[1] ? m.slice(1).join(' ') : n, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: false };
      }));
      // up to now, at least the last two minutes (a few samples alone made uPlot spread its axis over years)
      var xRange = function (self, min) {
        var now = Date.now() / 1000;
        var from = typeof min === 'number' && isFinite(min) ? Math.max(min, now - historyMinutes * 60) : now - 120;
        return [Math.min(from, now - 120), now];
      };
      var scales = { x: { time: true, range: xRange } };
      if (b.yRange) { scales.y = { range: b.yRange }; }
      var u = new uPlot({ width: width, height: 180, series: series, scales: scales,
        axes: [{}, { size: 60 }], legend: { live: true } }, data, b.node);
      plots[id] = { uplot: u, key: key };
    });
  }
  function mergeHistory(h) {
    var cutoff = h.now - historyMinutes * 60;
    Object.keys(h.series).forEach(function (n) {
      var s = history[n] || (history[n] = { t: [], v: [] });
      var add = h.series[n];
      for (var i = 0; i < add.t.length; i++) {
        if (!s.t.length || add.t[i] > s.t[s.t.length - 1]) { s.t.push(add.t[i]); s.v.push(add.v[i]); }
      }
      while (s.t.length && s.t[0] < cutoff) { s.t.shift(); s.v.shift(); }
      if (add.t.length) { lastSecond = Math.max(lastSecond, add.t[add.t.length - 1]); }
    });
  }

  // ---- data and the live stream ---------------------------------------------------------------------
  function getJson(path) {
    return fetch(path, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error(path + ': HTTP ' + r.status); }
      return r.json();
    });
  }
  function refresh() {
    refreshTimer = null;
    return Promise.all([getJson('api/snapshot'), getJson('api/history?after=' + lastSecond)])
      .then(function (both) { mergeHistory(both[1]); render(both[0]); })
      .catch(function (e) { connection('lost', 'connection lost — retrying (' + e.message + ')'); });
  }
  function refreshSoon() {
    if (refreshTimer === null) { refreshTimer = setTimeout(refresh, 250); }
  }
  function connection(state, text) {
    var c = document.getElementById('connection');
    c.className = 'conn conn-' + state;
    c.textContent = text;
    c.setAttribute('data-state', state);
  }
  function connect() {
    if (source) { source.close(); }
    source = new EventSource('api/events');
    source.addEventListener('hello', function () {
      retryMs = 2000;
      connection('live', 'LIVE');
      refresh();
    });
    source.addEventListener('cabinet', refreshSoon);
    source.addEventListener('sample', refreshSoon);
    source.addEventListener('busy', function () { connection('lost', 'too many pages open — retrying'); });
    source.onerror = function () {
      // the browser retries by itself while the stream answers 200; after a refusal or a 404 (the bundle
      // being updated) it gives up, so this retries with a growing delay
      connection('lost', 'connection lost — reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 15000);
      }
    };
  }
  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (snapshot) { render(snapshot); } }, 200); // plots re-create at the new width
  });
  refresh();
  connect();
})();
