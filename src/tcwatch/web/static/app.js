// Third-Country Watch dashboard: sortable tables and map <-> table highlighting.
// Served from /static (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (type === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLowerCase();
  }

  function sortTable(table, index, type, th) {
    var body = table.tBodies[0];
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type);
      if (x < y) return ascending ? -1 : 1;
      if (x > y) return ascending ? 1 : -1;
      return 0;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        sortTable(table, index, th.getAttribute("data-type") || "text", th);
      });
    });
  }

  function linkMapAndTable() {
    var map = document.getElementById("map");
    var table = document.getElementById("corridors");
    if (!map || !table) return;
    function mark(id, on) {
      var selector = '[data-corridor="' + id.replace(/"/g, "") + '"]';
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
        el.classList.toggle("hot", on);
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-corridor]"), function (el) {
      var id = el.getAttribute("data-corridor");
      el.addEventListener("mouseenter", function () { mark(id, true); });
      el.addEventListener("mouseleave", function () { mark(id, false); });
    });
  }

  // the corridor page's fact list: buttons that show one kind of fact (rulings, money...) at a time
  function factFilter() {
    var bar = document.getElementById("fact-filter");
    var list = document.getElementById("corridor-facts");
    if (!bar || !list) return;
    var buttons = bar.querySelectorAll("button[data-lane]");
    function show(lane) {
      Array.prototype.forEach.call(buttons, function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-lane") === lane ? "true" : "false");
      });
      Array.prototype.forEach.call(list.children, function (li) {
        li.hidden = lane !== "" && li.getAttribute("data-lane") !== lane;
      });
    }
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-lane")); });
    });
    // a link to a fact (from a figure, a chart dot, a conflict) always finds it shown
    function reveal() {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target && target.parentElement === list && target.hidden) {
        show("");
        target.scrollIntoView();
      }
    }
    window.addEventListener("hashchange", reveal);
    bar.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    linkMapAndTable();
    factFilter();
  });
})();
