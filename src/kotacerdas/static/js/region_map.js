/* The wilayah map: kecamatan polygons (and kelurahan as a toggleable layer) from GeoJSON.
 * No tile layer unless the page passes one (works offline on the city intranet).
 * Everything the script needs comes from data- attributes on #peta-wilayah. */
(function () {
  "use strict";
  var element = document.getElementById("peta-wilayah");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([-6.28, 106.97], 12);

  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function bindRegion(levelLabel) {
    return function (feature, layer) {
      var props = feature.properties || {};
      var name = props.display_name || props.name;
      layer.bindTooltip(levelLabel + " " + name, { sticky: true });
      layer.bindPopup(
        "<strong>" + escapeHtml(levelLabel + " " + name) + "</strong><br>" +
        "<code>" + escapeHtml(props.code) + "</code><br>" +
        '<a href="' + encodeURI(props.url) + '">' + escapeHtml(data.labelDetail) + "</a>"
      );
    };
  }

  function load(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function showError() {
    var note = document.createElement("p");
    note.className = "alert alert-warning m-2";
    note.setAttribute("role", "status");
    note.textContent = data.labelError;
    element.appendChild(note);
  }

  load(data.kecamatanUrl).then(function (collection) {
    var kecamatan = L.geoJSON(collection, {
      style: { className: "kecamatan-shape", color: "#0b5394", weight: 2, fillOpacity: 0.15 },
      onEachFeature: bindRegion(data.labelKecamatan)
    }).addTo(map);
    if (kecamatan.getLayers().length) {
      map.fitBounds(kecamatan.getBounds(), { padding: [8, 8] });
    }
    element.dataset.loaded = "kecamatan";
    var kelurahan = L.geoJSON(null, {
      style: { className: "kelurahan-shape", color: "#6a329f", weight: 1, dashArray: "3",
               fillOpacity: 0.05 },
      onEachFeature: bindRegion(data.labelKelurahan)
    });
    var overlays = {};
    overlays[data.labelKecamatan] = kecamatan;
    overlays[data.labelKelurahan] = kelurahan;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    var kelurahanLoaded = false;
    map.on("overlayadd", function (event) {
      if (event.layer !== kelurahan || kelurahanLoaded) {
        return;
      }
      kelurahanLoaded = true;
      load(data.kelurahanUrl).then(function (features) {
        kelurahan.addData(features);
        element.dataset.loaded = "kelurahan";
      }).catch(showError);
    });
  }).catch(showError);
})();
