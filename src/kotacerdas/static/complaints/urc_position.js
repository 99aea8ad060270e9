/* URC console: fill the position fields from the device (browser geolocation); the fields
 * stay editable as the manual fallback. Labels come from data- attributes on #posisi. */
(function () {
  "use strict";
  var box = document.getElementById("posisi");
  var button = document.getElementById("ambil-posisi");
  var status = document.getElementById("posisi-status");
  var lat = document.getElementById("lat");
  var lng = document.getElementById("lng");
  if (!box || !button || !lat || !lng) {
    return;
  }
  function take() {
    if (!navigator.geolocation) {
      status.textContent = box.dataset.labelFail;
      return;
    }
    status.textContent = box.dataset.labelWait;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        status.textContent = box.dataset.labelOk;
      },
      function () {
        status.textContent = box.dataset.labelFail;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }
  button.addEventListener("click", take);
  if (!lat.value && !lng.value) {
    take();
  }
})();
