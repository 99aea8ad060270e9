/* The datastream chart: the (possibly downsampled) series as a line, the min-max band of each
 * time bucket shaded behind it, the flood ladder's thresholds as dashed lines and the forecast
 * as a dotted line, when the page carries them (json_script elements). */
(function () {
  "use strict";
  var canvas = document.getElementById("grafik-aliran");
  if (!canvas || typeof Chart === "undefined") {
    return;
  }
  function read(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }
  var series = read("data-seri") || { points: [] };
  var ladder = read("data-tangga") || [];
  var forecast = read("data-prakiraan") || [];
  var labels = canvas.dataset;
  var points = series.points || [];
  function xy(key) {
    return points.map(function (point) {
      return { x: Date.parse(point.t), y: point[key] };
    });
  }
  var datasets = [];
  if (series.bucketed) {
    datasets.push({ label: labels.labelMax, data: xy("max"), borderWidth: 0, pointRadius: 0,
                    backgroundColor: "rgba(11, 83, 148, 0.15)", fill: "+1" });
    datasets.push({ label: labels.labelMin, data: xy("min"), borderWidth: 0, pointRadius: 0,
                    backgroundColor: "rgba(11, 83, 148, 0.15)", fill: false });
  }
  datasets.push({ label: labels.labelAvg, data: xy("avg"), borderColor: "#0b5394",
                  backgroundColor: "#0b5394", borderWidth: 2,
                  pointRadius: points.length > 80 ? 0 : 2, fill: false });
  var first = Date.parse(series.start);
  var last = Date.parse(series.end);
  (ladder || []).forEach(function (step) {
    if (step.lower === null || step.lower === undefined) {
      return;
    }
    datasets.push({ label: step.label + " ≥ " + step.lower, data: [{ x: first, y: step.lower }, { x: last, y: step.lower }],
                    borderColor: step.colour || "#c00", borderDash: [6, 4], borderWidth: 1,
                    pointRadius: 0, fill: false });
  });
  if (forecast && forecast.length) {
    datasets.push({ label: labels.labelForecast,
                    data: forecast.map(function (p) { return { x: Date.parse(p.t), y: p.value }; }),
                    borderColor: "#6a329f", borderDash: [2, 3], borderWidth: 2, pointRadius: 2,
                    fill: false });
  }
  function when(value) {
    var span = last - first;
    var date = new Date(value);
    return span > 2 * 86400000
      ? date.toLocaleDateString("id-ID", { day: "numeric", month: "short" })
      : date.toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
  }
  var chart = new Chart(canvas, {
    type: "line",
    data: { datasets: datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", intersect: false },
      scales: {
        x: { type: "linear", min: Date.parse(series.start), max: Math.max(last, forecast.length ? Date.parse(forecast[forecast.length - 1].t) : last),
             ticks: { callback: when, maxTicksLimit: 8 } },
        y: { title: { display: !!labels.unit, text: labels.unit } }
      },
      plugins: {
        tooltip: { callbacks: { title: function (items) {
          return items.length ? new Date(items[0].parsed.x).toLocaleString("id-ID") : "";
        } } },
        legend: { labels: { boxWidth: 12 } }
      }
    }
  });
  canvas.dataset.points = String(points.length);
  window.sensorChart = chart;
})();
