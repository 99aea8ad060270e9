/* Call-center console keys: Alt+<letter> focuses a field or follows a link (the same keys as
 * the accesskey attributes, for browsers that map accesskey to other modifiers), Esc clears the
 * intake form and returns to the phone field, Ctrl+Enter in the description submits. */
(function () {
  "use strict";
  var form = document.getElementById("form-telepon");
  var phone = document.getElementById("id_reporter_phone");
  var keys = {};
  document.querySelectorAll("[accesskey]").forEach(function (element) {
    keys[element.getAttribute("accesskey").toLowerCase()] = element;
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.length === 1) {
      var target = keys[event.key.toLowerCase()];
      if (target) {
        event.preventDefault();
        if (target.tagName === "A" || target.tagName === "BUTTON") {
          target.click();
        } else {
          target.focus();
        }
      }
      return;
    }
    if (event.key === "Escape" && form) {
      event.preventDefault();
      form.querySelectorAll("input:not([type=hidden]), textarea, select").forEach(function (el) {
        if (el.tagName === "SELECT") {
          el.selectedIndex = 0;
        } else {
          el.value = "";
        }
        el.classList.remove("is-invalid");
      });
      var history = document.getElementById("riwayat-penelepon");
      if (history) {
        history.textContent = "";
      }
      if (phone) {
        phone.focus();
      }
      return;
    }
    if (event.key === "Enter" && event.ctrlKey && event.target.tagName === "TEXTAREA") {
      var owner = event.target.form;
      if (owner) {
        event.preventDefault();
        owner.requestSubmit();
      }
    }
  });
})();
