/* Dashboard charts: each <figure data-chart> holds its data in a JSON script element (see
   templates/indicators/dashboard_chart.html). Without this script, or without uPlot, the
   figure keeps its open data table, which carries the same figures. */
(function () {
  "use strict";

  var COLOURS = { value: "#1d4ed8", target: "#b45309", baseline: "#6b7280" };

  function axisLabels(labels) {
    return function (plot, splits) {
      return splits.map(function (split) {
        return Number.isInteger(split) ? labels[split] || "" : "";
      });
    };
  }

  function withUnit(unit) {
    return function (plot, splits) {
      return splits.map(function (split) {
        var text = split.toLocaleString(document.documentElement.lang || undefined);
        return unit ? text + "\u202f" + unit : text;
      });
    };
  }

  // Wide enough for the longest tick label ("300 habitants"), so units are never cut off.
  function axisWidth(u, values) {
    var longest = 0;
    (values || []).forEach(function (value) { longest = Math.max(longest, String(value).length); });
    return Math.min(Math.max(40, longest * 7 + 16), 140);
  }

  function draw(figure) {
    var script = figure.querySelector('script[type="application/json"]');
    var holder = figure.querySelector("[data-chart-canvas]");
    if (!script || !holder) return;
    var data = JSON.parse(script.textContent);
    if (!data.labels.length) return;
    var small = figure.classList.contains("chart-small");
    var xs = data.labels.map(function (label, index) { return index; });
    var columns = [xs, data.series.value, data.series.target];
    var series = [
      {
        // The legend names the period under the cursor rather than uPlot's default "Value".
        label: data.names.period || "",
        value: function (u, index) { return index == null ? "" : data.labels[index]; },
      },
      { label: data.names.value, stroke: COLOURS.value, width: 2, points: { show: true, size: 6 } },
      { label: data.names.target, stroke: COLOURS.target, width: 2, dash: [6, 4], spanGaps: true },
    ];
    if (data.series.baseline !== null) {
      columns.push(xs.map(function () { return data.series.baseline; }));
      series.push({ label: data.names.baseline, stroke: COLOURS.baseline, width: 1, dash: [2, 3] });
    }
    var options = {
      width: Math.max(holder.clientWidth, 200),
      height: small ? 90 : 220,
      series: series,
      legend: { show: !small },
      cursor: { show: !small },
      scales: { x: { time: false } },
      axes: [
        { show: !small, values: axisLabels(data.labels), incrs: [1, 2, 3, 4, 6, 12, 24] },
        { show: !small, values: withUnit(data.unit), size: axisWidth },
      ],
    };
    var plot = new window.uPlot(options, columns, holder);
    // The chart now shows the figures; the table stays one click away.
    var table = figure.querySelector("details.chart-table");
    if (table) table.open = false;
    if ("ResizeObserver" in window) {
      new ResizeObserver(function () {
        plot.setSize({ width: Math.max(holder.clientWidth, 200), height: options.height });
      }).observe(holder);
    }
  }

  function start() {
    if (!window.uPlot) return;
    document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
      try {
        draw(figure);
      } catch (error) {
        // A chart that cannot be drawn leaves its table open: nothing is lost.
        if (window.console) window.console.error(error);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
