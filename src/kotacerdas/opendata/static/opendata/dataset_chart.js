/* The chart builder of the dataset page: category column, numeric column, aggregation and
 * chart type -> Chart.js bar or line chart from the page's JSON endpoint (no reload). The
 * figures are also written to a table for screen readers. Settings come from data- attributes. */
(function () {
  "use strict";
  var form = document.getElementById("grafik-form");
  var canvas = document.getElementById("grafik-kanvas");
  if (!form || !canvas || typeof Chart === "undefined") {
    return;
  }
  var message = document.getElementById("grafik-pesan");
  var table = document.getElementById("grafik-tabel");
  var chart = null;

  function showMessage(text) {
    message.textContent = "";
    if (text) {
      var note = document.createElement("div");
      note.className = "alert alert-warning py-2 mb-0";
      note.textContent = text;
      message.appendChild(note);
    }
  }

  function fillTable(labels, values, heading) {
    table.textContent = "";
    var tableElement = document.createElement("table");
    tableElement.className = "table table-sm table-striped small";
    var head = tableElement.createTHead().insertRow();
    [form.elements.kategori.value, heading].forEach(function (text) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.appendChild(th);
    });
    var body = tableElement.createTBody();
    labels.forEach(function (label, index) {
      var row = body.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.className = "fw-normal";
      th.textContent = label;
      row.appendChild(th);
      row.insertCell().textContent = values[index] === null ? "—" : values[index].toLocaleString("id-ID");
    });
    table.appendChild(tableElement);
  }

  function draw() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("jenis");
    fetch(form.dataset.url + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(body.error || form.dataset.labelError);
          }
          return body;
        });
      })
      .then(function (data) {
        showMessage("");
        var func = form.elements.fungsi;
        var heading = func.options[func.selectedIndex].text + (data.value ? " " + data.value : "");
        if (chart) {
          chart.destroy();
        }
        chart = new Chart(canvas, {
          type: form.elements.jenis.value === "line" ? "line" : "bar",
          data: {
            labels: data.labels,
            datasets: [{ label: heading, data: data.values, backgroundColor: "#2171b5",
                         borderColor: "#08306b", borderWidth: 1 }]
          },
          options: { responsive: true, maintainAspectRatio: false, animation: false,
                     scales: { y: { beginAtZero: true } } }
        });
        canvas.dataset.loaded = String(data.labels.length);
        fillTable(data.labels, data.values, heading);
      })
      .catch(function (error) {
        showMessage(error.message || form.dataset.labelError);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    draw();
  });
  draw();
})();
