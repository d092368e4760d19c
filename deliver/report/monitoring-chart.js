// The monitoring section's chart (see monitoring-html.ts), drawn from its part of the page's JSON.
// Inlined before client.js, which calls it with its own drawing helpers.
var drawMonitoringChart = (function () {
  'use strict';

  // realised precision and recall per week (left) and false alert episodes per 1,000 asset-days (right), each
  // beside its expected value as a dashed line; a week with too few failures is shaded and has no rates
  var tooFewShade = {
    id: 'tooFewShade',
    beforeDatasetsDraw: function (chart) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      var half = (x.getPixelForValue(1) - x.getPixelForValue(0)) / 2 || area.width / 2;
      ctx.save();
      ctx.fillStyle = 'rgba(107, 114, 128, 0.14)';
      chart.options.plugins.tooFewShade.weeks.forEach(function (w, i) {
        if (!w.enough) ctx.fillRect(x.getPixelForValue(i) - half, area.top, 2 * half, area.bottom - area.top);
      });
      ctx.restore();
    },
  };

  return function (m, draw, colour) {
    var weeks = m.weeks, e = m.expected || {};
    var line = function (label, key, colourOf) {
      var values = weeks.map(function (w) { return w.enough ? w[key] : null; });
      return { type: 'line', label: label, data: values, borderColor: colourOf, backgroundColor: colourOf, pointRadius: 3.5, borderWidth: 2, yAxisID: 'rate' };
    };
    var expected = function (label, v, colourOf, axis) {
      var flat = weeks.map(function () { return v; });
      return v === null || v === undefined ? [] : [{ type: 'line', label: label, data: flat, borderColor: colourOf, borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0, yAxisID: axis }];
    };
    var falseEpisodes = { type: 'bar', label: 'false episodes per 1,000 asset-days', data: weeks.map(function (w) { return w.falsePer1000AssetDays; }), backgroundColor: 'rgba(215, 48, 31, 0.35)', yAxisID: 'false' };
    draw('chart-monitoring', {
      data: {
        labels: weeks.map(function (w) { return w.from; }),
        datasets: [line('precision', 'precision', colour(0)), line('recall', 'recall', colour(1)), falseEpisodes].concat(
          expected('precision expected', e.precision, colour(0), 'rate'),
          expected('recall expected', e.recall, colour(1), 'rate'),
          expected('false per 1,000 expected', e.falsePer1000AssetDays, 'rgba(127, 0, 0, 0.9)', 'false')
        ),
      },
      options: {
        scales: {
          x: { ticks: { maxRotation: 0, autoSkipPadding: 16 } },
          rate: { min: 0, max: 1, position: 'left', title: { display: true, text: 'precision, recall' } },
          false: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'false episodes per 1,000 asset-days' } },
        },
        plugins: {
          tooFewShade: { weeks: weeks },
          tooltip: {
            mode: 'index',
            intersect: false,
            callbacks: {
              title: function (items) { return 'week from ' + items[0].label + ' · ' + m.model; },
              footer: function (items) { var w = weeks[items[0].dataIndex]; return w.enough ? '' : 'too few failures (' + w.failures + ' of ' + m.minFailures + ' needed): no precision or recall'; },
            },
          },
        },
      },
      plugins: [tooFewShade],
    });
  };
})();
