/* datasette-provenance article page: select a statement to show its details panel.
   Progressive enhancement: without JS every details block is listed and each
   statement links to its block by anchor. */
(function () {
  "use strict";
  function init() {
    var layout = document.querySelector(".pv-article-layout");
    if (!layout) return;
    var statements = Array.prototype.slice.call(layout.querySelectorAll(".pv-st"));
    if (!statements.length) return;
    document.body.classList.add("pv-js");
    var hint = document.getElementById("pv-hint");
    var panel = layout.querySelector(".pv-details");
    var current = null;
    var narrow = window.matchMedia("(max-width: 800px)");

    // On narrow screens the panel becomes a bottom sheet; this button closes it.
    var close = document.createElement("button");
    close.type = "button";
    close.className = "pv-close";
    close.setAttribute("aria-label", "Close statement details");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { deselect(); });
    if (panel) panel.insertBefore(close, panel.firstChild);

    function deselect() {
      if (panel) panel.classList.remove("pv-has-selection");
      if (current) {
        var mark = document.getElementById("st-" + current);
        if (mark) mark.focus({ preventScroll: true });
      }
    }

    function select(idx, opts) {
      opts = opts || {};
      var detail = document.getElementById("statement-" + idx);
      var mark = document.getElementById("st-" + idx);
      if (!detail || !mark) return;
      statements.forEach(function (s) {
        s.classList.remove("pv-selected");
        s.removeAttribute("aria-current");
      });
      layout.querySelectorAll(".pv-detail.pv-selected").forEach(function (d) {
        d.classList.remove("pv-selected");
      });
      mark.classList.add("pv-selected");
      mark.setAttribute("aria-current", "true");
      detail.classList.add("pv-selected");
      current = idx;
      if (panel) panel.classList.add("pv-has-selection");
      if (hint) hint.hidden = true;
      if (opts.updateHash !== false && history.replaceState) {
        history.replaceState(null, "", "#statement-" + idx);
      }
      if (opts.focusDetail) detail.focus({ preventScroll: true });
      if (narrow.matches) {
        // The sheet covers the lower half: keep the statement in the upper part.
        window.scrollTo({ top: mark.getBoundingClientRect().top + window.scrollY - 60 });
      } else if (opts.scrollText) {
        mark.scrollIntoView({ block: "center", behavior: "smooth" });
      }
      if (panel) panel.scrollTop = 0;
    }

    // Where the mouse went down: a click that ends a drag (selecting words to copy a
    // quote) keeps that selection instead of selecting the statement.
    var down = null;
    layout.addEventListener("mousedown", function (ev) { down = [ev.clientX, ev.clientY]; });
    function dragged(ev) {
      return ev.detail > 0 && down !== null &&
        Math.abs(ev.clientX - down[0]) + Math.abs(ev.clientY - down[1]) > 4 &&
        String(window.getSelection()).length > 0;
    }

    statements.forEach(function (s) {
      s.addEventListener("click", function (ev) {
        ev.preventDefault();
        if (dragged(ev)) return;
        // Enter on a focused statement (a click with no mouse, detail 0) takes the keyboard
        // into its details, so their links come next in the tab order instead of after
        // every other statement; Escape or "Show in the text" comes back. A mouse click
        // leaves the focus where it was.
        select(s.dataset.idx, { focusDetail: ev.detail === 0 });
      });
    });

    // "Show in the text" links inside the details move the selection back to the text.
    layout.querySelectorAll(".pv-back a").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        var idx = a.getAttribute("href").replace("#st-", "");
        ev.preventDefault();
        select(idx, { scrollText: true });
        document.getElementById("st-" + idx).focus();
      });
    });

    // On a phone the open sheet covers the lower half of the page: Tab from its last link
    // would move the focus to links hidden under it (the footer), Shift+Tab from its close
    // button to the article's last statement. Tab goes round the sheet instead, as in any
    // dialog; Escape or the close button leaves it.
    function sheetStops() {
      var detail = current && document.getElementById("statement-" + current);
      var inside = detail ? Array.prototype.slice.call(
        detail.querySelectorAll("a[href], button, input, select, textarea")) : [];
      return [close].concat(inside.filter(function (e) { return e.offsetParent !== null; }));
    }
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Tab" || !narrow.matches || !panel ||
          !panel.classList.contains("pv-has-selection") || !panel.contains(document.activeElement)) return;
      var stops = sheetStops();
      var at = stops.indexOf(document.activeElement);
      if (!ev.shiftKey && at === stops.length - 1) {
        ev.preventDefault();
        stops[0].focus();
      } else if (ev.shiftKey && at <= 0) {
        ev.preventDefault();
        stops[stops.length - 1].focus();
      }
    });

    document.addEventListener("keydown", function (ev) {
      if (ev.target && /input|textarea|select/i.test(ev.target.tagName)) return;
      if (ev.key === "Escape") {
        // From inside the details, back to the statement they belong to.
        if (current && panel && panel.contains(document.activeElement)) {
          var mark = document.getElementById("st-" + current);
          if (mark) mark.focus({ preventScroll: true });
          if (!narrow.matches) return;
        }
        deselect();
        return;
      }
      // Space on a statement selects it as Enter does (a link alone would scroll the page).
      if (ev.key === " " && ev.target && ev.target.classList &&
          ev.target.classList.contains("pv-st") && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        ev.preventDefault();
        ev.target.click();
        return;
      }
      // Plain j/k only: Ctrl+K, Alt+J... belong to the browser.
      if ((ev.key !== "j" && ev.key !== "k") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var at = statements.findIndex(function (s) { return s.classList.contains("pv-selected"); });
      var next = ev.key === "j" ? at + 1 : at - 1;
      if (at < 0) next = 0;
      if (next < 0 || next >= statements.length) return;
      select(statements[next].dataset.idx, { scrollText: true });
      statements[next].focus({ preventScroll: true });
    });

    var m = /^#(?:statement|st)-(\d+)$/.exec(location.hash);
    if (m) {
      select(m[1], { updateHash: false, scrollText: true });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
