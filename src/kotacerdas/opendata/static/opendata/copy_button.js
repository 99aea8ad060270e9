/* Copy buttons: <button data-copy="#id"> copies the text of the element #id to the clipboard. */
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
    }
    return Promise.resolve();
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var original = button.textContent;
    button.addEventListener("click", function () {
      var source = document.querySelector(button.dataset.copy);
      if (!source) {
        return;
      }
      copyText(source.textContent).then(function () {
        button.textContent = button.dataset.labelDone || original;
        button.setAttribute("aria-live", "polite");
        window.setTimeout(function () { button.textContent = original; }, 2000);
      });
    });
  });
})();
