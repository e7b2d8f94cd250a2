// Enhancements only: every page works without this script. The check-in desk filters as you
// type and keeps its counter live by asking the server for a small JSON once a second.
(function () {
  "use strict";
  var desk = document.querySelector("[data-desk]");
  if (!desk) return;
  var search = desk.querySelector("input[type=search]");
  var items = Array.prototype.slice.call(desk.querySelectorAll(".people > li"));
  function norm(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  if (search) {
    items.forEach(function (li) { li.dataset.key = norm(li.textContent); });
    search.addEventListener("input", function () {
      var q = norm(search.value.trim());
      items.forEach(function (li) { li.hidden = q !== "" && li.dataset.key.indexOf(q) < 0; });
    });
  }
  var counter = desk.querySelector("[data-counter]");
  var url = desk.getAttribute("data-desk");
  if (!counter || !url) return;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) return;
        if (counter.textContent !== j.counter) counter.textContent = j.counter;
        (j.present || []).forEach(function (id) {
          var b = desk.querySelector("button[data-person='" + id + "']");
          if (b && !b.classList.contains("in")) b.classList.add("in");
        });
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 1000);
})();
