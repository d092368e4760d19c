// Draws the report's charts from the JSON embedded in the page (see html.ts). Runs offline in the
// browser with the inlined Chart.js and chartjs-chart-matrix; knows nothing of any fleet's names.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);

  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#e15759'];
  var FAILED = '#d62728';
  var colour = function (i) { return PALETTE[i % PALETTE.length]; };
  var percent = function (x) { return Math.round(x * 100) + '%'; };
  // a risk on an axis that runs to scale.top (see scale.ts), with the decimals its ticks need;
  // one more in a tooltip, and the model whose results it is
  var riskTick = function (scale) { return function (v) { return (v * 100).toFixed(scale.digits) + '%'; }; };
  var riskLabel = function (v, scale) { return 'risk ' + (v * 100).toFixed(scale.digits + 1) + '% · ' + data.scoredBy; };
  var riskAxis = function (scale) { return { min: 0, max: scale.top, ticks: { stepSize: scale.top / 5, callback: riskTick(scale) } }; };
  var mix = function (a, b, t) {
    return a.map(function (v, i) { return Math.round(v + (b[i] - v) * t); });
  };
  // low risk pale, high risk dark red: the same scale as the legend under the heat map (styles.css)
  var STOPS = [[255, 247, 236], [253, 174, 97], [215, 48, 31], [127, 0, 0]];
  function riskColour(v) {
    var x = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
    var i = Math.min(Math.floor(x), STOPS.length - 2);
    var c = mix(STOPS[i], STOPS[i + 1], x - i);
    return 'rgb(' + c.join(',') + ')';
  }

  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#444';
  Chart.defaults.datasets.bar.maxBarThickness = 48;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  // The counts inside the confusion matrix's cells.
  var cellLabels = {
    id: 'cellLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var cells = chart.data.datasets[0].data;
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = '12px ' + Chart.defaults.font.family;
      chart.getDatasetMeta(0).data.forEach(function (element, i) {
        var p = element.getCenterPoint();
        ctx.fillStyle = cells[i].share > 0.55 ? '#fff' : '#222';
        ctx.fillText(cells[i].v.toLocaleString('en-US'), p.x, p.y);
      });
      ctx.restore();
    },
  };

  function sparklines(riskiest, scale) {
    document.querySelectorAll('canvas.spark').forEach(function (canvas) {
      var trend = riskiest[Number(canvas.dataset.index)].trend;
      var last = trend.risk.length - 1;
      new Chart(canvas, {
        type: 'line',
        data: {
          labels: trend.days,
          datasets: [{
            data: trend.risk,
            borderColor: '#b2182b',
            backgroundColor: 'rgba(178, 24, 43, 0.12)',
            fill: true,
            borderWidth: 1.5,
            tension: 0.25,
            pointRadius: function (ctx) { return ctx.dataIndex === last ? 2.5 : 0; },
            pointBackgroundColor: '#b2182b',
          }],
        },
        options: {
          responsive: false,
          layout: { padding: 3 },
          scales: { x: { display: false }, y: { display: false, min: 0, max: scale.top } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return riskLabel(c.parsed.y, scale); } } } },
        },
      });
    });
  }

  function history(h) {
    draw('chart-fleet-daily', {
      data: {
        labels: h.days,
        datasets: [
          { type: 'bar', label: 'assets ' + data.alerting.name + ' (' + data.alerting.label + ')', data: h.inAlert, backgroundColor: 'rgba(215, 48, 31, 0.75)', yAxisID: 'y' },
          { type: 'bar', label: 'new episodes', data: h.newAlerts, backgroundColor: 'rgba(127, 0, 0, 0.9)', yAxisID: 'y' },
          { type: 'line', label: 'mean risk (' + data.scoredBy + ')', data: h.meanRisk, borderColor: '#4e79a7', backgroundColor: '#4e79a7', pointRadius: 0, borderWidth: 2, yAxisID: 'risk', spanGaps: false },
        ],
      },
      options: {
        scales: {
          x: { ticks: { maxRotation: 0, autoSkipPadding: 16 } },
          y: { beginAtZero: true, title: { display: true, text: 'assets' }, ticks: { precision: 0 } },
          risk: Object.assign(riskAxis(h.meanScale), { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'mean risk, 0 to ' + riskTick(h.meanScale)(h.meanScale.top) } }),
        },
        plugins: {
          tooltip: {
            mode: 'index',
            intersect: false,
            callbacks: { label: function (c) { return c.dataset.yAxisID === 'risk' ? 'mean ' + riskLabel(c.parsed.y, h.meanScale) : c.dataset.label + ': ' + c.parsed.y; } },
          },
        },
      },
    });
    // the matrix chart type turns its y axis upside down by default; the first asset (the riskiest) belongs on top
    var canvas = document.getElementById('chart-heatmap');
    if (!canvas) return;
    canvas.parentElement.style.height = 60 + 18 * h.heatmap.assets.length + 'px';
    new Chart(canvas, {
      type: 'matrix',
      data: {
        datasets: [{
          data: h.heatmap.cells.map(function (c) { return { x: h.days[c[0]], y: h.heatmap.assets[c[1]], v: c[2] }; }),
          backgroundColor: function (c) { return riskColour(c.raw.v / h.heatmap.scale.top); },
          borderWidth: 0,
          width: function (c) { var a = c.chart.chartArea; return a ? Math.max(1, a.width / h.days.length - 1) : 0; },
          height: function (c) { var a = c.chart.chartArea; return a ? Math.max(1, a.height / h.heatmap.assets.length - 1) : 0; },
        }],
      },
      options: {
        scales: {
          x: { type: 'category', labels: h.days, offset: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
          y: { type: 'category', labels: h.heatmap.assets, offset: true, reverse: false, grid: { display: false }, ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: function (items) { return items[0].raw.y + ', ' + items[0].raw.x; }, label: function (c) { return 'highest ' + riskLabel(c.raw.v, h.heatmap.scale); } } },
        },
      },
    });
  }

  function model(m) {
    var cells = [];
    m.confusion.forEach(function (row, a) {
      var total = row.reduce(function (s, n) { return s + n; }, 0);
      row.forEach(function (n, p) { cells.push({ x: m.classes[p], y: m.classes[a], v: n, share: total ? n / total : 0 }); });
    });
    draw('chart-confusion', {
      type: 'matrix',
      data: {
        datasets: [{
          data: cells,
          backgroundColor: function (c) { return 'rgba(49, 104, 168, ' + (0.06 + 0.9 * c.raw.share) + ')'; },
          width: function (c) { var a = c.chart.chartArea; return a ? a.width / m.classes.length - 2 : 0; },
          height: function (c) { var a = c.chart.chartArea; return a ? a.height / m.classes.length - 2 : 0; },
        }],
      },
      options: {
        scales: {
          x: { type: 'category', labels: m.classes, offset: true, position: 'top', grid: { display: false }, title: { display: true, text: 'predicted' } },
          y: { type: 'category', labels: m.classes, offset: true, reverse: false, grid: { display: false }, title: { display: true, text: 'actual' } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: function () { return ''; }, label: function (c) { return 'actual ' + c.raw.y + ', predicted ' + c.raw.x + ': ' + c.raw.v + ' (' + percent(c.raw.share) + ' of ' + c.raw.y + ')'; } } },
        },
      },
      plugins: [cellLabels],
    });
    draw('chart-metrics', {
      type: 'bar',
      data: {
        labels: m.perClass.map(function (c) { return c.label; }),
        datasets: ['precision', 'recall', 'f1'].map(function (key, i) {
          return { label: key === 'f1' ? 'F1' : key, data: m.perClass.map(function (c) { return c[key]; }), backgroundColor: colour(i) };
        }),
      },
      options: { scales: { y: { min: 0, max: 1, ticks: { callback: percent } } }, plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ' ' + percent(c.parsed.y); } } } } },
    });
    calibration(m.scores.calibration, m.scores.calibrationScale);
    document.getElementById('chart-importance').parentElement.style.height = 40 + 20 * m.importance.length + 'px';
    draw('chart-importance', {
      type: 'bar',
      data: {
        labels: m.importance.map(function (f) { return f[0]; }),
        datasets: [{ label: 'share of the forest\'s impurity decrease', data: m.importance.map(function (f) { return f[1]; }), backgroundColor: colour(0) }],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, ticks: { callback: function (v) { return (v * 100).toFixed(1) + '%'; } } }, y: { ticks: { autoSkip: false } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return (c.parsed.x * 100).toFixed(2) + '%'; } } } },
      },
    });
  }

  // observed against mean risk per bin, beside the diagonal a calibrated risk would lie on
  function calibration(bins, scale) {
    var point = function (b) { return { x: b.meanRisk, y: b.observed, rows: b.rows }; };
    draw('chart-calibration', {
      type: 'line',
      data: {
        datasets: [
          { label: 'observed', data: bins.map(point), borderColor: colour(0), backgroundColor: colour(0), pointRadius: 3.5, borderWidth: 1.5 },
          { label: 'calibrated', data: [{ x: 0, y: 0 }, { x: scale.top, y: scale.top }], borderColor: '#999', borderDash: [4, 4], pointRadius: 0, borderWidth: 1 },
        ],
      },
      options: {
        scales: {
          x: Object.assign(riskAxis(scale), { type: 'linear', title: { display: true, text: 'mean risk of the bin' } }),
          y: Object.assign(riskAxis(scale), { title: { display: true, text: 'share that failed within the horizon' } }),
        },
        plugins: { tooltip: { callbacks: { label: function (c) { var r = c.raw; return 'mean risk ' + riskTick(scale)(r.x) + ', observed ' + riskTick(scale)(r.y) + (r.rows ? ' (' + r.rows + ' rows)' : ''); } } } },
      },
    });
  }

  function stacked(id, s, horizontal) {
    draw(id, {
      type: 'bar',
      data: {
        labels: s.categories,
        datasets: s.series.map(function (series, i) { return { label: series.name, data: series.values, backgroundColor: colour(i) }; }),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 16 } }, y: { stacked: true, beginAtZero: true } },
        plugins: { tooltip: { mode: 'index', intersect: false } },
      },
    });
  }

  function runs(recent) {
    var kinds = [];
    recent.forEach(function (r) { if (kinds.indexOf(r.kind) < 0) kinds.push(r.kind); });
    draw('chart-runs', {
      type: 'bar',
      data: {
        labels: recent.map(function (r) { return r.kind + ' ' + r.id; }),
        datasets: kinds.map(function (kind, i) {
          return {
            label: kind,
            data: recent.map(function (r) { return r.kind === kind ? r.seconds : null; }),
            backgroundColor: recent.map(function (r) { return r.status === 'failed' ? FAILED : colour(i); }),
            skipNull: true,
            minBarLength: 2,
          };
        }),
      },
      options: {
        scales: { x: { stacked: true, ticks: { maxRotation: 60, autoSkip: true } }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'seconds' } } },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) { var r = recent[items[0].dataIndex]; return r.kind + ' ' + r.id + ' · ' + r.status; },
              label: function (c) {
                var r = recent[c.dataIndex];
                return [r.what, 'started ' + r.started + ' UTC', r.seconds === null ? 'not finished' : r.seconds.toFixed(1) + ' s', r.rows === null ? '' : r.rows.toLocaleString('en-US') + ' rows'];
              },
            },
          },
        },
      },
    });
  }

  if (data.now) sparklines(data.now.listed, data.now.trendScale);
  if (data.history) history(data.history);
  if (data.model) model(data.model);
  if (data.monitoring) drawMonitoringChart(data.monitoring, draw, colour);
  stacked('chart-loads', data.health.loads, false);
  stacked('chart-quarantine', data.health.quarantine, true);
  runs(data.runs.recent);
})();
