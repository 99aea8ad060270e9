/* The vehicle map: the last position of every vehicle (fetched again every 10 s) and, when the
 * page names a trip, its replay: the track as a polyline, a marker moved along it by a slider
 * and a play/pause button. Everything comes from data- attributes on #peta-kendaraan. */
(function () {
  "use strict";
  var element = document.getElementById("peta-kendaraan");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var COLOURS = { moving: "#0b5394", stopped: "#e0a800", offline: "#6c757d", unknown: "#adb5bd" };
  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([-6.28, 106.97], 12);
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  var fleet = L.layerGroup().addTo(map);
  var replaying = false;

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  function note(text) {
    var paragraph = document.createElement("p");
    paragraph.className = "alert alert-warning m-2";
    paragraph.setAttribute("role", "status");
    paragraph.textContent = text;
    element.appendChild(paragraph);
  }

  function refreshFleet() {
    load(data.positionsUrl).then(function (body) {
      fleet.clearLayers();
      var shown = 0;
      (body.vehicles || []).forEach(function (vehicle) {
        if (vehicle.lat === null || vehicle.lon === null) {
          return;
        }
        shown += 1;
        L.circleMarker([vehicle.lat, vehicle.lon], {
          radius: 6, color: "#222", weight: 1, fillOpacity: replaying ? 0.3 : 0.9,
          fillColor: COLOURS[vehicle.state] || COLOURS.unknown, className: "vehicle-marker"
        }).bindTooltip(vehicle.name + (vehicle.speed_kmh !== null ? " · " +
          Math.round(vehicle.speed_kmh) + " " + data.labelSpeed : "")).addTo(fleet);
      });
      element.dataset.vehicles = String(shown);
    }).catch(function () { note(data.labelError); });
  }

  load(data.kecamatanUrl).then(function (collection) {
    var shapes = L.geoJSON(collection, {
      style: { color: "#0b5394", weight: 1.5, fillOpacity: 0.04 }, interactive: false
    }).addTo(map);
    if (!data.tripUrl && shapes.getLayers().length) {
      map.fitBounds(shapes.getBounds(), { padding: [8, 8] });
    }
  }).catch(function () { note(data.labelError); });
  refreshFleet();
  window.setInterval(refreshFleet, 10000);

  if (!data.tripUrl) {
    return;
  }
  var slider = document.getElementById("posisi-putar");
  var button = document.getElementById("putar-ulang");
  var output = document.getElementById("waktu-putar");
  var summary = document.getElementById("ringkasan-perjalanan");
  var eventList = document.getElementById("kejadian-perjalanan");
  load(data.tripUrl).then(function (replay) {
    var points = replay.points || [];
    if (!points.length) {
      note(data.labelTripError);
      return;
    }
    replaying = true;
    var line = L.polyline(points.map(function (p) { return [p[0], p[1]]; }),
                          { color: "#d63384", weight: 4, className: "trip-track" }).addTo(map);
    map.fitBounds(line.getBounds(), { padding: [20, 20] });
    var marker = L.circleMarker([points[0][0], points[0][1]], {
      radius: 8, color: "#000", weight: 2, fillColor: "#d63384", fillOpacity: 1,
      className: "trip-marker"
    }).addTo(map);
    (replay.events || []).forEach(function (event) {
      var item = document.createElement("li");
      item.textContent = new Date(event.time).toLocaleTimeString("id-ID") + " — " + event.label +
        (event.geofence ? " (" + event.geofence + ")" : "");
      eventList.appendChild(item);
    });
    summary.textContent = replay.trip.vehicle + " · " +
      new Date(replay.trip.started_at).toLocaleString("id-ID") + " · " +
      replay.trip.distance_km.toLocaleString("id-ID") + " km · maks " +
      Math.round(replay.trip.max_speed_kmh) + " " + data.labelSpeed;
    slider.max = String(points.length - 1);
    function show(index) {
      var point = points[index];
      marker.setLatLng([point[0], point[1]]);
      output.textContent = new Date(point[2]).toLocaleTimeString("id-ID") +
        (point[3] !== null ? " · " + Math.round(point[3]) + " " + data.labelSpeed : "");
      element.dataset.replayIndex = String(index);
    }
    var timer = null;
    function stop() {
      window.clearInterval(timer);
      timer = null;
      button.textContent = button.dataset.labelPlay;
    }
    button.addEventListener("click", function () {
      if (timer) {
        stop();
        return;
      }
      if (Number(slider.value) >= points.length - 1) {
        slider.value = "0";
      }
      button.textContent = button.dataset.labelPause;
      // The whole trip plays in about 15 seconds, whatever its length.
      var every = Math.max(20, Math.round(15000 / points.length));
      timer = window.setInterval(function () {
        var next = Number(slider.value) + 1;
        if (next > points.length - 1) {
          stop();
          element.dataset.replayDone = "1";
          return;
        }
        slider.value = String(next);
        show(next);
      }, every);
    });
    slider.addEventListener("input", function () { show(Number(slider.value)); });
    show(0);
    element.dataset.trip = String(replay.trip.id);
  }).catch(function () { note(data.labelTripError); });
})();
