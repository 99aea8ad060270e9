/* The choropleth of the dataset page: the Bekasi kecamatan or kelurahan boundaries (the
 * wilayah GeoJSON of `core`) shaded by a value aggregated per region code, with a legend
 * and a table. Everything comes from data- attributes on #peta-dataset and the form
 * #peta-form; changing the column or the function redraws without reloading. */
(function () {
  "use strict";
  var element = document.getElementById("peta-dataset");
  var form = document.getElementById("peta-form");
  if (!element || !form || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var legend = document.getElementById("peta-legenda");
  var table = document.getElementById("peta-tabel");
  var COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([-6.28, 106.97], 12);
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  var shapes = null;
  var layer = null;

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body.error || data.labelError);
        }
        return body;
      });
    });
  }

  function format(value) {
    return value === null || value === undefined ? data.labelNone : Number(value).toLocaleString("id-ID");
  }

  function classes(min, max) {
    var steps = [];
    var width = (max - min) / COLOURS.length;
    for (var i = 0; i < COLOURS.length; i += 1) {
      steps.push({ from: min + width * i, to: i === COLOURS.length - 1 ? max : min + width * (i + 1),
                   colour: COLOURS[i] });
    }
    return steps;
  }

  function colour(value, steps) {
    if (value === null || value === undefined) {
      return "#d9d9d9";
    }
    for (var i = 0; i < steps.length; i += 1) {
      if (value <= steps[i].to) {
        return steps[i].colour;
      }
    }
    return steps[steps.length - 1].colour;
  }

  function showError(error) {
    legend.textContent = "";
    var note = document.createElement("p");
    note.className = "alert alert-warning py-2 mb-0";
    note.setAttribute("role", "alert");
    note.textContent = (error && error.message) || data.labelError;
    legend.appendChild(note);
  }

  function drawLegend(steps) {
    legend.textContent = "";
    var list = document.createElement("ul");
    list.className = "list-inline mb-0";
    steps.forEach(function (step) {
      var item = document.createElement("li");
      item.className = "list-inline-item me-3";
      var swatch = document.createElement("span");
      swatch.className = "kc-swatch";
      swatch.style.background = step.colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + format(step.from) + " – " + format(step.to)));
      list.appendChild(item);
    });
    var none = document.createElement("li");
    none.className = "list-inline-item";
    var grey = document.createElement("span");
    grey.className = "kc-swatch";
    grey.style.background = "#d9d9d9";
    none.appendChild(grey);
    none.appendChild(document.createTextNode(" " + data.labelNone));
    list.appendChild(none);
    legend.appendChild(list);
  }

  function drawTable(values) {
    table.textContent = "";
    var tableElement = document.createElement("table");
    tableElement.className = "table table-sm table-striped small";
    var body = tableElement.createTBody();
    (shapes.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      var row = body.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.className = "fw-normal";
      th.textContent = (props.display_name || props.name) + " (" + props.code + ")";
      row.appendChild(th);
      row.insertCell().textContent = format(values[props.code]);
    });
    table.appendChild(tableElement);
  }

  function draw() {
    var params = new URLSearchParams(new FormData(form));
    load(data.valuesUrl + "?" + params.toString()).then(function (result) {
      var values = result.values || {};
      var steps = classes(result.min || 0, result.max || 0);
      if (layer) {
        map.removeLayer(layer);
      }
      layer = L.geoJSON(shapes, {
        style: function (feature) {
          return { color: "#333", weight: 1, fillOpacity: 0.75,
                   fillColor: colour(values[feature.properties.code], steps) };
        },
        onEachFeature: function (feature, shape) {
          var props = feature.properties || {};
          shape.bindTooltip((props.display_name || props.name) + ": " + format(values[props.code]),
                            { sticky: true });
        }
      }).addTo(map);
      if (layer.getLayers().length) {
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      }
      drawLegend(steps);
      drawTable(values);
      element.dataset.loaded = String(Object.keys(values).length);
    }).catch(showError);
  }

  load(data.geojsonUrl).then(function (collection) {
    shapes = collection;
    draw();
    form.addEventListener("change", draw);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      draw();
    });
  }).catch(showError);
})();
