// The cabinet dashboard: the snapshot and history from the bundle's API, rendered by the sections' scripts, kept
// live by the event stream (api/events). Loaded last (index.html): the other scripts fill window.CabinetDashboard.
(function () {
  'use strict';
  var D = window.CabinetDashboard = window.CabinetDashboard || {};
  var clock = D.clock, drawPlots = D.drawPlots, mergeHistory = D.mergeHistory;
  var renderCabinet = D.renderCabinet, renderPower = D.renderPower, renderNetwork = D.renderNetwork,
    renderStorage = D.renderStorage, renderUplink = D.renderUplink, renderFailover = D.renderFailover,
    renderSoftware = D.renderSoftware, renderEvents = D.renderEvents;

  var snapshot = null;
  var source = null;
  var retryMs = 2000;
  var refreshTimer = null;

  function render(snap) {
    snapshot = snap;
    D.snapshot = snap; // the sections read it too (the HA pair, the drill controls)
    if (snap.dashboard) { D.keepMinutes(snap.dashboard.historyMinutes || 60); }
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

  // ---- data and the live stream ---------------------------------------------------------------------
  function getJson(path) {
    return fetch(path, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error(path + ': HTTP ' + r.status); }
      return r.json();
    });
  }
  function refresh() {
    refreshTimer = null;
    return Promise.all([getJson('api/snapshot'), getJson('api/history?after=' + D.lastSecondSeen())])
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
