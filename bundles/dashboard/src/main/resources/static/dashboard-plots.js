// The dashboard's plots (uPlot): the history of every plotted series, merged from api/history, and one plot per box
// a section places (plotBox); drawPlots draws them again after every render.
(function () {
  'use strict';
  var D = window.CabinetDashboard = window.CabinetDashboard || {};
  var el = D.el;

  var history = {};          // series name -> {t: [], v: []}
  var lastSecond = 0;
  var historyMinutes = 60;
  var plots = {};            // plot id -> {uplot, key}

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

  // the newest second the history holds (api/history?after=), and how many minutes of it are kept (the snapshot's)
  function lastSecondSeen() { return lastSecond; }
  function keepMinutes(minutes) { historyMinutes = minutes; }

  D.PERCENT = PERCENT;
  D.FROM_ZERO = FROM_ZERO;
  D.plotBox = plotBox;
  D.drawPlots = drawPlots;
  D.mergeHistory = mergeHistory;
  D.lastSecondSeen = lastSecondSeen;
  D.keepMinutes = keepMinutes;
})();
