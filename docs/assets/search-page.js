/* The search page (docs/search.md): filters (tag, year), a sort and paging
   around the results of docs/assets/search.js, which calls
   window.paSearchPage(root, helpers) on the page with its shared helpers
   (result rendering, find, pagefind...). The page's state lives in the URL
   (?q=&tag=&year=&sort=&verbatim=), so a search can be shared and Back and
   Forward step through searches. Results are text only, as in search.js. */
(function () {
  "use strict";

  window.paSearchPage = function (root, helpers) {
    var el = helpers.el;
    var hitParts = helpers.hitParts;
    var exactParts = helpers.exactParts;
    var safeHref = helpers.safeHref;
    var arxivURL = helpers.arxivURL;
    var searchURL = helpers.searchURL;
    var debounce = helpers.debounce;
    var preload = helpers.preload;
    var pagefind = helpers.pagefind;
    var find = helpers.find;
    var sitePages = helpers.sitePages;
    var SORTS = helpers.SORTS;
    var PER_PAGE = helpers.PER_PAGE;
    var DEBOUNCE_MS = helpers.DEBOUNCE_MS;

    function readState() {
      var p = new URLSearchParams(location.search);
      return { q: p.get("q") || "", tag: p.get("tag") || "", year: p.get("year") || "", sort: p.get("sort") || "",
        verbatim: p.get("verbatim") || "" };
    }

    // A filter's values with their counts for the current query; values
    // without results are left out (except the one chosen).
    function fillSelect(select, counts, order, current) {
      var first = select.options[0];
      select.replaceChildren(first);
      var values = Object.keys(counts || {}).filter(function (v) { return counts[v] > 0; }).sort(order);
      if (current && values.indexOf(current) < 0) values.unshift(current);
      values.forEach(function (v) {
        var o = el("option", null, counts && counts[v] != null ? v + " (" + counts[v] + ")" : v);
        o.value = v;
        select.appendChild(o);
      });
      select.value = current || "";
    }

    function setUpPage(root) {
      if (root.paApply) return;
      var form = root.querySelector("form");
      var input = form.elements.q;
      var selects = { tag: form.elements.tag, year: form.elements.year, sort: form.elements.sort };
      var status = root.querySelector(".pa-search-page__status");
      var list = root.querySelector(".pa-results");
      var moreButton = root.querySelector(".pa-search-page__more");
      var note = el("p", "pa-search-page__note");
      var pagesNote = el("p", "pa-search-page__pages");
      note.hidden = pagesNote.hidden = true;
      status.after(note, pagesNote);
      var totals = null; // filter counts of the whole archive
      var shownQuery = ""; // the query whose results the list shows (a correction, maybe)
      var state = readState();
      var results = [];
      var shown = 0;
      var ticket = 0;
      var filtersLoaded = false;

      function current() {
        // Until the filters' options arrive, the selects cannot hold the state's values.
        return { q: input.value, tag: filtersLoaded ? selects.tag.value : state.tag,
          year: filtersLoaded ? selects.year.value : state.year, sort: selects.sort.value,
          verbatim: input.value === state.q ? state.verbatim : "" };
      }

      function show(s) {
        input.value = s.q;
        if (filtersLoaded) {
          ["tag", "year"].forEach(function (k) {
            if (s[k] && !Array.prototype.some.call(selects[k].options, function (o) { return o.value === s[k]; })) {
              var o = el("option", null, s[k]);
              o.value = s[k];
              selects[k].appendChild(o);
            }
            selects[k].value = s[k];
          });
        }
        selects.sort.value = SORTS[s.sort] ? s.sort : "";
      }

      function remember(s, push) {
        var url = new URL(location.href);
        url.search = searchURL(s).search;
        if (url.href === location.href) return;
        // Keep Material's history state (its scroll offset) on the entry.
        if (push) history.pushState(null, "", url);
        else history.replaceState(history.state, "", url);
      }

      // The list now shows the results of the query searched (state.q): says
      // so in data-pa-query, as the header box's list does (tests, benchmark).
      function replaceList() {
        list.replaceChildren();
        list.setAttribute("data-pa-query", state.q);
      }

      function item(d, query) {
        var li = el("li", "pa-hit");
        var parts = hitParts(d, query, "span");
        var a = el("a", "pa-hit__link");
        a.href = safeHref(d.url);
        a.appendChild(parts[0]);
        li.appendChild(a);
        parts.slice(1).forEach(function (p) { li.appendChild(p); });
        return li;
      }

      // The next PER_PAGE results, each shown as soon as it and the ones above
      // it have arrived; `fresh`: they replace what the list showed before.
      function renderMore(fresh) {
        var mine = ticket;
        var query = shownQuery;
        var next = results.slice(shown, shown + PER_PAGE).map(function (r) { return r.data(); });
        shown += next.length;
        moreButton.hidden = true;
        if (fresh && !next.length) replaceList();
        return next.reduce(function (chain, data, i) {
          return chain.then(function () { return data; }).then(function (d) {
            if (mine !== ticket) return;
            if (fresh && i === 0) replaceList();
            list.appendChild(item(d, query));
          });
        }, Promise.resolve()).then(function () {
          if (mine === ticket) moreButton.hidden = shown >= results.length;
        });
      }

      function describe(n, s) {
        var what = n === 1 ? "1 result" : n + " results";
        if (s.q.trim()) what += " for “" + s.q.trim() + "”";
        var scope = [];
        if (s.tag) scope.push("tagged " + s.tag);
        if (s.year) scope.push("listed in " + s.year);
        if (scope.length) what += ", " + scope.join(", ");
        if (SORTS[s.sort]) what += s.sort === "newest" ? ", newest first" : ", most upvoted first";
        return what;
      }

      function fillFilters(counts) {
        if (!filtersLoaded || !counts) return;
        fillSelect(selects.tag, counts.tag, function (a, b) { return a.localeCompare(b); }, selects.tag.value);
        fillSelect(selects.year, counts.year, function (a, b) { return b.localeCompare(a); }, selects.year.value);
      }

      // "Did you mean" or "Showing results for", each with a link to the other query.
      function showNote(found, s) {
        note.replaceChildren();
        note.hidden = !(found && found.corrected);
        if (note.hidden) return;
        function link(text, q, verbatim) {
          var a = el("a", null, text);
          var target = Object.assign({}, s, { q: q, verbatim: verbatim ? "1" : "" });
          a.href = searchURL(target).href;
          a.addEventListener("click", function (ev) { ev.preventDefault(); root.paApply(target, true); });
          return a;
        }
        if (found.switched) {
          note.append("Showing results for “" + found.query + "”. ", link("Search for “" + s.q.trim() + "” instead", s.q, true));
        } else {
          note.append("Did you mean ", link("“" + found.corrected + "”", found.corrected, false), "?");
        }
      }

      function showPages(pages) {
        pagesNote.replaceChildren();
        pagesNote.hidden = !pages.length;
        if (!pages.length) return;
        pagesNote.append("Site pages: ");
        pages.forEach(function (d, i) {
          var a = el("a", null, (d.meta && d.meta.title) || d.url);
          a.href = safeHref(d.url);
          if (i) pagesNote.append(" · ");
          pagesNote.append(a);
        });
      }

      function showId(found) {
        results = [];
        shown = 0;
        moreButton.hidden = true;
        replaceList();
        if (found.exact) {
          status.textContent = "arXiv " + found.id + ": in the archive";
          var li = el("li", "pa-hit");
          var parts = exactParts(found.exact, "span");
          var a = el("a", "pa-hit__link");
          a.href = safeHref(found.exact.url);
          a.appendChild(parts[0]);
          li.appendChild(a);
          parts.slice(1).forEach(function (p) { li.appendChild(p); });
          list.appendChild(li);
        } else {
          status.textContent = "arXiv " + found.id + " is not in this archive. ";
          var out = el("a", null, "Open it on arxiv.org");
          out.href = arxivURL(found.id);
          status.appendChild(out);
        }
      }

      function search(s) {
        var mine = ++ticket;
        state = s;
        var filters = {};
        if (s.tag) filters.tag = s.tag;
        if (s.year) filters.year = s.year;
        var query = s.q.trim() ? s.q : null;
        showNote(null, s);
        if (!query && !s.tag && !s.year && !SORTS[s.sort]) {
          results = [];
          replaceList();
          moreButton.hidden = true;
          showPages([]);
          fillFilters(totals);
          status.textContent = "Type to search titles, authors, abstracts and tags, or pick a tag, a year or a sort.";
          return Promise.resolve();
        }
        status.textContent = "Searching…";
        var sort = SORTS[s.sort];
        return Promise.all([find(query, { filters: filters, sort: sort, verbatim: s.verbatim }),
          filters.tag || filters.year || sort ? Promise.resolve([]) : sitePages(query)]).then(function (r) {
          var found = r[0];
          if (mine !== ticket) return;
          showPages(r[1]);
          if (found.id) { showId(found); return; }
          results = found.search.results;
          shown = 0;
          showNote(found, s);
          fillFilters(query ? found.search.totalFilters : totals);
          status.textContent = results.length ? describe(results.length, Object.assign({}, s, { q: found.query || "" }))
            : describe(0, s).replace(/^0 results/, "No papers found");
          shownQuery = found.query || "";
          if (s.sort === "upvotes" && results.length) {
            // Sorted by upvotes, an archive without upvote counts has no order to claim.
            results[0].data().then(function (d) {
              if (mine === ticket && !(d.meta && d.meta.upvotes)) status.textContent += " (no paper here has an upvote count)";
            });
          }
          return renderMore(true);
        }).catch(function (err) {
          if (mine !== ticket) return;
          status.textContent = "Search is not available: " + err.message;
        });
      }

      root.paApply = function (s, push) {
        var next = Object.assign(current(), s);
        show(next);
        remember(next, push);
        return search(next);
      };
      root.paRestore = function () {
        state = readState();
        show(state);
        return search(state);
      };

      var typed = debounce(function () {
        var s = current();
        remember(s, false);
        search(s);
      }, DEBOUNCE_MS);
      input.addEventListener("input", function () { preload(input.value); typed(); });
      form.addEventListener("submit", function (ev) { ev.preventDefault(); root.paApply({}, false); });
      Object.keys(selects).forEach(function (k) {
        selects[k].addEventListener("change", function () { root.paApply({}, true); });
      });
      moreButton.addEventListener("click", function () {
        var first = list.children.length;
        renderMore().then(function () {
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) link.focus();
        });
      });

      // Arrows move between the input and the result links; Escape goes back to the input.
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "ArrowDown") {
          var first = list.querySelector("a");
          if (first) { ev.preventDefault(); first.focus(); }
        } else if (ev.key === "Escape" && input.value) {
          ev.preventDefault();
          root.paApply({ q: "" }, true);
        }
      });
      list.addEventListener("keydown", function (ev) {
        var links = Array.prototype.slice.call(list.querySelectorAll(".pa-hit__link"));
        var i = links.indexOf(document.activeElement);
        if (i < 0) return;
        if (ev.key === "ArrowDown" && i + 1 < links.length) { ev.preventDefault(); links[i + 1].focus(); }
        else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
        else if (ev.key === "Escape") { ev.preventDefault(); input.focus(); }
      });

      show(state);
      if (!state.q) input.focus();
      pagefind().then(function (pf) { return pf.filters(); }).then(function (counts) {
        filtersLoaded = true;
        totals = counts;
        fillSelect(selects.tag, counts.tag, function (a, b) { return a.localeCompare(b); }, state.tag);
        fillSelect(selects.year, counts.year, function (a, b) { return b.localeCompare(a); }, state.year);
      }).catch(function () { /* the search below reports it */ });
      search(state);
    }

    setUpPage(root);
  };
})();
