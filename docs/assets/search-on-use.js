/* Loads the search scripts on first use of the header's box or "/", at once on the
   search page (issue 12): search-query.js (ids, URLs, spelling) and search-page.js
   first, since search.js reads both when it runs. */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me && me.src.replace(/search-on-use\.js(\?.*)?$/, "");
  var SCRIPTS = ["search-query.js", "search-page.js", "search.js"];
  var loaded = false;

  function box() { return document.querySelector("[data-pa-search] input[name=q]"); }

  function load() {
    if (loaded || !base) return;
    loaded = true;
    next(0);
  }

  function next(i) {
    var script = document.createElement("script");
    script.src = base + SCRIPTS[i];
    script.onload = i + 1 < SCRIPTS.length ? function () { next(i + 1); } : function () {
      var input = box();
      if (input && input.value && document.activeElement === input) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    };
    document.head.appendChild(script);
  }

  function onBox(ev) {
    var t = ev.target;
    if (t && t.closest && t.closest("[data-pa-search]")) load();
  }

  document.addEventListener("focusin", onBox);
  document.addEventListener("pointerdown", onBox);
  document.addEventListener("input", onBox);
  document.addEventListener("keydown", function (ev) {
    if (loaded || ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var input = box();
    if (input) { ev.preventDefault(); input.focus(); }
  });

  function searchPage() { if (document.querySelector("[data-pa-search-page]")) load(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", searchPage);
  else searchPage();
})();
