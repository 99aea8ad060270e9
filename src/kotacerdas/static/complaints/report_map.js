/* The report form's map: Kota Bekasi's kecamatan from GeoJSON; a tap sets the point (lat/lng
 * fields, which the server checks lie inside Kota Bekasi). "Gunakan lokasi saya" uses the
 * device's position. Works without tiles (offline intranet) and without the map at all (the
 * kecamatan/kelurahan selects remain). Everything comes from data- attributes. */
(function () {
  "use strict";
  var element = document.getElementById("peta-lapor");
  var latField = document.getElementById("id_lat");
  var lngField = document.getElementById("id_lng");
  var locate = document.getElementById("pakai-lokasi");
  var marker = null;
  var map = null;

  function setPoint(lat, lng, pan) {
    latField.value = lat.toFixed(6);
    lngField.value = lng.toFixed(6);
    if (!map) {
      return;
    }
    if (marker) {
      marker.setLatLng([lat, lng]);
    } else {
      marker = L.circleMarker([lat, lng], { radius: 9, color: "#b00020", weight: 3 }).addTo(map);
    }
    if (pan) {
      map.panTo([lat, lng]);
    }
    element.dataset.point = latField.value + "," + lngField.value;
  }

  if (element && latField && lngField && typeof L !== "undefined") {
    var data = element.dataset;
    map = L.map(element, { zoomSnap: 0.25 });
    map.setView([-6.28, 106.99], 11.5);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
    }
    fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          style: { color: "#0b5394", weight: 1.5, fillOpacity: 0.08 },
          onEachFeature: function (feature, shape) {
            var props = feature.properties || {};
            shape.bindTooltip(props.display_name || props.name || "", { sticky: true });
          }
        }).addTo(map);
        if (layer.getLayers().length) {
          map.fitBounds(layer.getBounds(), { padding: [4, 4] });
        }
        element.dataset.loaded = "1";
      })
      .catch(function () {
        var note = document.createElement("p");
        note.className = "alert alert-warning m-2";
        note.setAttribute("role", "status");
        note.textContent = data.labelError;
        element.appendChild(note);
      });
    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng, false);
    });
    var lat = parseFloat(latField.value);
    var lng = parseFloat(lngField.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      setPoint(lat, lng, true);
    }
  }

  if (locate && latField && lngField) {
    if (!navigator.geolocation) {
      locate.hidden = true;
    }
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setPoint(position.coords.latitude, position.coords.longitude, true);
        },
        function () {
          locate.insertAdjacentHTML("afterend", '<p class="small text-danger" role="status"></p>');
          locate.nextElementSibling.textContent = locate.dataset.labelDenied;
        },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }
})();
