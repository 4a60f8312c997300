/* Health-check trend: one line per question, for the group chosen in the select (all parties,
   or a party shown on its own). The data comes from the "health-chart-data" JSON element (see
   templates/governance/health.html). Without this script, or without uPlot, the page keeps its
   tables and its "Show" button, which carry the same figures. */
(function () {
  "use strict";

  // Distinct hues, each line also with its own dash so colour is not the only cue.
  var COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4b5563"];
  var DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6], [1, 4]];

  function seriesFor(data) {
    var series = [
      {
        label: data.roundsLabel,
        value: function (plot, raw) { return raw == null ? "" : data.labels[raw] || ""; },
      },
    ];
    data.dimensions.forEach(function (dimension, index) {
      series.push({
        label: dimension.label,
        stroke: COLOURS[index % COLOURS.length],
        dash: DASHES[index % DASHES.length],
        width: 2,
        spanGaps: false,
        points: { show: true, size: 6 },
      });
    });
    return series;
  }

  function columnsFor(data, key) {
    var xs = data.labels.map(function (label, index) { return index; });
    var group = data.groups[key] || data.groups[data.selected];
    return [xs].concat(group.series);
  }

  function start() {
    var figure = document.querySelector("[data-health-chart]");
    var script = document.getElementById("health-chart-data");
    if (!figure || !script || !window.uPlot) return;
    var data = JSON.parse(script.textContent);
    if (!data.labels.length) return;
    var holder = figure.querySelector("[data-chart-canvas]");
    var select = document.querySelector("[data-health-group]");
    var button = document.querySelector("[data-health-group-submit]");
    var options = {
      width: Math.max(holder.clientWidth, 240),
      height: 260,
      series: seriesFor(data),
      // Room on the right for the last round's label.
      padding: [12, 48, 0, 0],
      scales: { x: { time: false }, y: { range: [0, 100] } },
      axes: [
        {
          values: function (plot, splits) {
            return splits.map(function (split) {
              return Number.isInteger(split) ? data.labels[split] || "" : "";
            });
          },
          incrs: [1, 2, 3, 4, 6, 12],
          // Labels are long ("No. 4, May 2026"): fewer of them on a narrow screen.
          space: 120,
        },
        { label: data.axis, size: 50, incrs: [25, 50] },
      ],
    };
    var plot = new window.uPlot(options, columnsFor(data, data.selected), holder);

    function show(key) {
      plot.setData(columnsFor(data, key));
      figure.querySelectorAll("[data-health-table]").forEach(function (table) {
        table.hidden = table.getAttribute("data-health-table") !== key;
        table.open = false;
      });
    }

    figure.querySelectorAll("[data-health-table]").forEach(function (table) {
      table.open = false;
    });
    if (select) {
      // The chart follows the choice at once; the button is for pages without this script.
      if (button) button.hidden = true;
      select.addEventListener("change", function () { show(select.value); });
    }
    if ("ResizeObserver" in window) {
      new ResizeObserver(function () {
        plot.setSize({ width: Math.max(holder.clientWidth, 240), height: options.height });
      }).observe(holder);
    }
  }

  function safeStart() {
    try {
      start();
    } catch (error) {
      // A chart that cannot be drawn leaves the tables: nothing is lost.
      if (window.console) window.console.error(error);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", safeStart);
  } else {
    safeStart();
  }
})();
