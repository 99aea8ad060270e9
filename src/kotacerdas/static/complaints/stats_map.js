/* The complaints stats map: kecamatan shaded by their number of cases and the points as
 * circles per grid cell. Everything comes from data- attributes on #peta-statistik; the
 * figures from the page's own JSON (stats_map), the boundaries from the wilayah GeoJSON. */
(function () {
  "use strict";
  var element = document.getElementById("peta-statistik");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([-6.28, 106.97], 12);
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  var COLOURS = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

  function colour(count, max) {
    if (!max || !count) {
      return COLOURS[0];
    }
    var step = Math.min(COLOURS.length - 1, Math.ceil((count / max) * (COLOURS.length - 1)));
    return COLOURS[step];
  }

  function showError() {
    var note = document.createElement("p");
    note.className = "alert alert-warning m-2";
    note.setAttribute("role", "status");
    note.textContent = data.labelError;
    element.appendChild(note);
  }

  Promise.all([load(data.kecamatanUrl), load(data.statsUrl)]).then(function (results) {
    var shapes = results[0];
    var stats = results[1];
    var counts = stats.kecamatan || {};
    var max = 0;
    Object.keys(counts).forEach(function (code) {
      max = Math.max(max, counts[code].count);
    });
    var layer = L.geoJSON(shapes, {
      style: function (feature) {
        var entry = counts[feature.properties.code] || { count: 0 };
        return { color: "#333", weight: 1, fillOpacity: 0.6, fillColor: colour(entry.count, max) };
      },
      onEachFeature: function (feature, shape) {
        var entry = counts[feature.properties.code] || { count: 0 };
        var name = feature.properties.display_name || feature.properties.name;
        shape.bindTooltip(name + ": " + entry.count + " " + data.labelCases, { sticky: true });
      }
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    }
    var cells = L.layerGroup();
    var biggest = 1;
    (stats.grid || []).forEach(function (cell) {
      biggest = Math.max(biggest, cell.count);
    });
    (stats.grid || []).forEach(function (cell) {
      L.circleMarker([cell.lat, cell.lng], {
        radius: 3 + 9 * Math.sqrt(cell.count / biggest),
        color: "#b30000",
        weight: 1,
        fillOpacity: 0.5
      }).bindTooltip(cell.count + " " + data.labelCases).addTo(cells);
    });
    cells.addTo(map);
    var overlays = {};
    overlays[data.labelGrid] = cells;
    L.control.layers(null, overlays).addTo(map);
  }).catch(showError);
})();
