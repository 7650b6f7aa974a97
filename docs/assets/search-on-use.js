/* Makes the header's box a combobox with its (empty) list of results as the page
   loads, so that markup is not repeated in every page (issue 12); loads the search
   scripts on first use of the box or "/", at once on the search page (issue 12):
   search-query.js (ids, URLs, spelling) and search-page.js first, since search.js
   reads both when it runs. */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me && me.src.replace(/search-on-use\.js(\?.*)?$/, "");
  var SCRIPTS = ["search-query.js", "search-page.js", "search.js"];
  var loaded = false;

  function box() { return document.querySelector("[data-pa-search] input[name=q]"); }

  function combobox() {
    var input = box();
    if (!input || input.hasAttribute("role")) return;
    var attrs = { role: "combobox", "aria-expanded": "false", "aria-autocomplete": "list",
      "aria-controls": "pa-search-list", autocapitalize: "off", spellcheck: "false", enterkeyhint: "search" };
    Object.keys(attrs).forEach(function (k) { input.setAttribute(k, attrs[k]); });
    var popup = document.createElement("div");
    popup.className = "pa-search__popup";
    popup.hidden = true;
    popup.innerHTML = '<ul class="pa-search__list" id="pa-search-list" role="listbox" aria-label="Search results"></ul>' +
      '<p class="pa-search__status" role="status" hidden></p>';
    input.parentNode.appendChild(popup);
  }
  combobox();

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
