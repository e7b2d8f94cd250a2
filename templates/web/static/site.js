// Enhancements only: every page works without this script. The check-in desk filters as you
// type and keeps its counter and buttons live by asking for a small JSON twice a second; a search
// field with data-filter="LIST_ID" hides the items of that list that do not match as you type.
(function () {
  "use strict";
  function norm(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter"));
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (li) { li.dataset.key = norm(li.textContent); });
    input.addEventListener("input", function () {
      var q = norm(input.value.trim());
      items.forEach(function (li) { li.hidden = q !== "" && li.dataset.key.indexOf(q) < 0; });
    });
  });
})();
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
  var labelIn = desk.getAttribute("data-label-in"), labelOut = desk.getAttribute("data-label-out");
  function show(button, present) {
    if (button.classList.contains("in") === present) return;
    button.classList.toggle("in", present);
    button.form.elements["do"].value = present ? "out" : "in";
    button.querySelector(".state").textContent = present ? labelIn : labelOut;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) return;
        if (counter.textContent !== j.counter) counter.textContent = j.counter;
        var present = {};
        j.present.forEach(function (id) { present[id] = true; });
        desk.querySelectorAll("button[data-person]").forEach(function (b) {
          show(b, present[b.getAttribute("data-person")] === true);
        });
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 500); });
  }
  setTimeout(poll, 500);
})();
