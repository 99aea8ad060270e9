/* Bar charts of achievements for the evaluation dashboards.
 * A <canvas class="kc-chart" data-chart-source="ID" data-chart-label="..."> reads its data from
 * the JSON script element ID: [{label, value (null = no data), colour}]. The same numbers are
 * always in a table next to the chart. Re-runs after htmx swaps. */
(function () {
  "use strict";

  function draw(canvas) {
    if (typeof Chart === "undefined") return;
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source) return;
    var rows = JSON.parse(source.textContent);
    var previous = Chart.getChart(canvas);
    if (previous) previous.destroy();
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: [{
          label: canvas.dataset.chartLabel || "%",
          data: rows.map(function (r) { return r.value; }),
          backgroundColor: rows.map(function (r) { return r.colour; })
        }]
      },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        scales: { x: { min: 0, suggestedMax: 100 } },
        plugins: { legend: { display: false } }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas.kc-chart").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.body.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
