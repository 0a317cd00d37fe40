// The dashboard's sections: each renders its part of api/snapshot into its card (failover's, with the drill
// controls, is in dashboard-failover.js).
(function () {
  'use strict';
  var D = window.CabinetDashboard = window.CabinetDashboard || {};
  var el = D.el, clear = D.clear, badge = D.badge, table = D.table, ago = D.ago, dur = D.dur, bytes = D.bytes, clock = D.clock, num = D.num, numOrNull = D.numOrNull, eventTable = D.eventTable, readable = D.readable;
  var PERCENT = D.PERCENT, FROM_ZERO = D.FROM_ZERO, plotBox = D.plotBox;

  var DIMENSIONS = ['POWER', 'NETWORK', 'STORAGE', 'UPLINK', 'HARDWARE', 'SOFTWARE'];

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
    var snapshot = D.snapshot;
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

  D.section = section;
  D.renderCabinet = renderCabinet;
  D.renderPower = renderPower;
  D.renderNetwork = renderNetwork;
  D.renderStorage = renderStorage;
  D.renderUplink = renderUplink;
  D.renderSoftware = renderSoftware;
  D.renderEvents = renderEvents;
})();
