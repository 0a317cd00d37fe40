// The dashboard's failover section: drills (armed, then confirmed; the outcome stays shown across re-renders) and
// the episodes' time lines.
(function () {
  'use strict';
  var D = window.CabinetDashboard = window.CabinetDashboard || {};
  var el = D.el, clear = D.clear, badge = D.badge, clock = D.clock, dur = D.dur, eventTable = D.eventTable, section = D.section;

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
      start.addEventListener('click', function () { armedDrill = kind; renderFailover(D.snapshot.failover); });
      wrap.appendChild(start);
      return wrap;
    }
    var yes = el('button', { type: 'button', cls: 'confirm', id: 'drill-' + lower + '-confirm', text: 'Yes, take the ' + lower + ' away on purpose' });
    var no = el('button', { type: 'button', text: 'Cancel' });
    no.addEventListener('click', function () { armedDrill = null; renderFailover(D.snapshot.failover); });
    yes.addEventListener('click', function () {
      armedDrill = null;
      renderFailover(D.snapshot.failover);
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

  D.renderFailover = renderFailover;
})();
