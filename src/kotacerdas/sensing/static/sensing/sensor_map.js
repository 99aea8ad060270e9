/* The sensor map: kecamatan boundaries of Kota Bekasi and one circle per Thing, coloured by
 * status, with its latest values in a popup. The features are fetched again every few seconds
 * (and when the filter form changes). Everything comes from data- attributes on #peta-sensor. */
(function () {
  "use strict";
  var element = document.getElementById("peta-sensor");
  var form = document.getElementById("peta-sensor-form");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var COLOURS = { ok: "#198754", stale: "#e0a800", offline: "#6c757d" };
  var counter = document.querySelector("[data-testid=map-count]");
  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([-6.28, 106.97], 12);
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  var markers = L.layerGroup().addTo(map);
  var fitted = false;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  function showError() {
    if (element.querySelector(".alert")) {
      return;
    }
    var note = document.createElement("p");
    note.className = "alert alert-warning m-2";
    note.setAttribute("role", "status");
    note.textContent = data.labelError;
    element.appendChild(note);
  }

  function valueText(stream) {
    if (stream.value === null || stream.value === undefined) {
      return data.labelNone;
    }
    var value = typeof stream.value === "number"
      ? stream.value.toLocaleString("id-ID", { maximumFractionDigits: 2 })
      : String(stream.value);
    return value + (stream.unit ? " " + stream.unit : "");
  }

  function popup(props) {
    var lines = (props.latest || []).map(function (stream) {
      var time = stream.time ? new Date(stream.time).toLocaleString("id-ID") : "";
      return "<li>" + escapeHtml(stream.name) + ": <strong>" + escapeHtml(valueText(stream)) +
        "</strong>" + (time ? ' <span class="text-body-secondary">(' + escapeHtml(time) + ")</span>" : "") +
        "</li>";
    });
    return "<strong>" + escapeHtml(props.name) + "</strong>" +
      (props.is_demo ? ' <span class="badge text-bg-warning">' + escapeHtml(data.labelDemo) + "</span>" : "") +
      "<br>" + escapeHtml(props.kind_label) + " · " + escapeHtml(props.status_label) +
      (props.agency ? "<br>" + escapeHtml(props.agency) : "") +
      '<ul class="ps-3 mb-1">' + lines.join("") + "</ul>" +
      '<a href="' + encodeURI(element.dataset.thingUrl.replace("0", String(props.id))) + '">' +
      escapeHtml(data.labelOpen) + "</a>";
  }

  function refresh() {
    var params = form ? new URLSearchParams(new FormData(form)).toString() : "";
    load(data.featuresUrl + (params ? "?" + params : "")).then(function (collection) {
      markers.clearLayers();
      (collection.features || []).forEach(function (feature) {
        var props = feature.properties || {};
        var coords = feature.geometry.coordinates;
        var marker = L.circleMarker([coords[1], coords[0]], {
          radius: props.kind === "river_gauge" ? 9 : 6,
          color: "#222",
          weight: 1,
          fillColor: COLOURS[props.status] || COLOURS.offline,
          fillOpacity: 0.9,
          className: "sensor-marker sensor-marker-" + props.status
        });
        marker.bindTooltip(props.name);
        marker.bindPopup(popup(props));
        markers.addLayer(marker);
      });
      element.dataset.loaded = String((collection.features || []).length);
      if (counter) {
        counter.textContent = counter.dataset.template
          ? counter.dataset.template.replace("%s", String((collection.features || []).length))
          : "";
      }
    }).catch(showError);
  }

  load(data.kecamatanUrl).then(function (collection) {
    var kecamatan = L.geoJSON(collection, {
      style: { color: "#0b5394", weight: 1.5, fillOpacity: 0.05 },
      interactive: false
    }).addTo(map);
    if (!fitted && kecamatan.getLayers().length) {
      map.fitBounds(kecamatan.getBounds(), { padding: [8, 8] });
      fitted = true;
    }
  }).catch(showError);
  refresh();
  window.setInterval(refresh, (Number(data.refreshSeconds) || 15) * 1000);
  if (form) {
    form.addEventListener("change", refresh);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      refresh();
    });
  }
})();
