/* The archive's search, on Pagefind's JS API (the index: generator/build/search.py).

   - A box in the header of every page (overrides/main.html) shows the best
     results while typing; arrows, Enter and Escape work from the keyboard.
   - The search page (docs/search.md) adds filters (tag, year), a sort and
     paging (docs/assets/search-page.js); its state lives in the URL.
   - What a query means (an arXiv id or URL, a misspelling) is worked out by
     docs/assets/search-query.js.

   Nothing from the index is ever parsed as HTML: results are built with
   createElement and textContent, and highlights are re-derived from the plain
   text (Pagefind's excerpt is only read for which words it marked).

   Material's instant navigation swaps pages without reloading this script:
   `document$` emits on every page, and the set-up below is idempotent. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 80;
  var IN_BOX = 6; // results in the header's list
  var PER_PAGE = 20; // results per "page" on the search page
  var SNIPPET_WORDS = 34;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var SORTS = { newest: { date: "desc" }, upvotes: { upvotes: "desc" } };

  // The site's root, absolute, from the page this script first ran on: it
  // stays right whatever page instant navigation shows later, and under any
  // base path (a Pages project site is served at /<repository>/).
  var config = JSON.parse(document.getElementById("__config").textContent);
  var BASE = new URL(config.base, location.href);
  var SEARCH_PAGE = new URL("search/", BASE);

  // Pagefind loads when a search box gets focus or input, not with every page.
  var loading = null;
  var ready = null;
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", BASE).href).then(function (pf) {
        return pf.options({ baseUrl: BASE.pathname, excerptLength: 30 })
          .then(function () { return pf.init(); })
          .then(function () { ready = pf; return pf; });
      });
      loading.catch(function () { loading = null; }); // try again on the next keystroke
    }
    return loading;
  }

  /* ---------- what a query finds (ids, corrections, groups) ---------- */

  var Q = window.paSearchQuery; // docs/assets/search-query.js
  var SITE_PAGES = 3; // the site's own pages shown beside the papers, at most
  var SWITCH_RATIO = 3; // a corrected query replaces one with this many times fewer results

  // The result of a query, for both the box and the page:
  // - an arXiv id or URL: {id, exact: the paper or null}, resolved exactly;
  // - otherwise {search: Pagefind's answer (papers only), query: what was
  //   searched, corrected: a spelling correction or null, switched: true when
  //   the corrected query's results are shown instead of the typed one's}.
  function find(query, options) {
    options = options || {};
    var id = query && Q ? Q.parseId(query) : null;
    if (id) {
      return Q.lookupId(id).then(function (hit) { return { id: id, exact: hit }; });
    }
    var opts = { filters: Object.assign({ kind: "paper" }, options.filters || {}) };
    if (options.sort) opts.sort = options.sort;
    var typed = query && query.trim() ? query : null;
    // Started at once: the lookup files load while Pagefind starts.
    var fix = typed && Q ? Q.correct(typed) : Promise.resolve(null);
    return Promise.all([pagefind(), fix]).then(function (r) {
      return searchBoth(r[0], typed, r[1], opts);
    }).then(function (r) {
      var out = { search: r[0], query: query, corrected: null, switched: false };
      var alt = options.verbatim ? null : r[1];
      if (!alt || !alt.results.length) return out;
      var n = r[0].results.length;
      var m = alt.results.length;
      out.corrected = r[2];
      if (n === 0 || m >= SWITCH_RATIO * n) { out.search = alt; out.query = r[2]; out.switched = true; }
      return out;
    });
  }

  // [Pagefind's answer for the typed query, for its correction (or null), the correction].
  //
  // Pagefind (1.5.2) answers a word it has no entry for (a misspelling) from
  // whichever index chunks it happens to hold: "optimisation" finds nothing,
  // or what "optimization" finds once that word's chunk is loaded, and other
  // chunks an earlier search loaded change the answer again. Searched on the
  // page's own Pagefind, the typed query found more or fewer papers depending
  // on which request finished first and on what was searched before, so the
  // correction shown changed with the browser's cache (issue 25). A query
  // with a correction is therefore searched on a Pagefind of its own that
  // loads the chunks of both queries, and only those, one query after the
  // other, before searching either: the same query always decides the same
  // way. Its results are shown from it, so it lives while they may be (the
  // last DECIDERS kept).
  var DECIDERS = 4;
  // typed + "\n" + corrected -> {made: Promise of the instance, queue: its
  // last search}. Searches of one instance (the box and the page, another
  // filter) run one after another, for the same reason.
  var deciders = new Map();
  function decider(pf, key) {
    var d = deciders.get(key);
    if (d) {
      deciders.delete(key); // most recently used last
    } else {
      var instance = pf.createInstance({ baseUrl: BASE.pathname, excerptLength: 30 });
      d = { made: instance.init().then(function () { return instance; }), queue: Promise.resolve() };
      d.made.catch(function () { if (deciders.get(key) === d) deciders.delete(key); });
    }
    deciders.set(key, d);
    if (deciders.size > DECIDERS) {
      var oldest = deciders.keys().next().value;
      var gone = deciders.get(oldest);
      deciders.delete(oldest);
      gone.queue.then(function () { return gone.made; }).then(function (i) { return i.destroy(); }).catch(function () {});
    }
    return d;
  }

  function searchBoth(pf, typed, corrected, opts) {
    if (!corrected) return pf.search(typed, opts).then(function (a) { return [a, null, null]; });
    // One step after the other: which chunks a step loads depends on those
    // loaded before it, so two steps at once would race again.
    var d = decider(pf, typed + "\n" + corrected);
    var run = d.queue.then(function () { return d.made; }).then(function (own) {
      var r = [];
      return own.preload(typed, opts)
        .then(function () { return own.preload(corrected, opts); })
        .then(function () { return own.search(typed, opts); })
        .then(function (a) { r.push(a); return own.search(corrected, opts); })
        .then(function (a) { return [r[0], a, corrected]; });
    });
    d.queue = run.catch(function () {});
    return run;
  }

  // Up to SITE_PAGES of the site's own pages (about, API...) matching a query.
  function sitePages(query) {
    if (!query || !query.trim() || (Q && Q.parseId(query))) return Promise.resolve([]);
    return pagefind().then(function (pf) { return pf.search(query, { filters: { kind: "page" } }); })
      .then(function (found) { return Promise.all(found.results.slice(0, SITE_PAGES).map(function (r) { return r.data(); })); })
      .catch(function () { return []; });
  }

  // The parts of the paper an id lookup found (plain text, like hitParts).
  function exactParts(hit, tag) {
    var facts = [longDate(hit.date), "arXiv " + hit.id].filter(Boolean).join(" · ");
    return [el(tag, "pa-hit__title", hit.title), el(tag, "pa-hit__authors", hit.authors),
      el(tag, "pa-hit__meta", facts)].filter(function (n) { return n.textContent; });
  }

  function arxivURL(id) {
    return "https://arxiv.org/abs/" + id; // id matched search-query.js' patterns: digits, letters, . - /
  }

  // While the debounce waits, fetch the index chunks the query will need.
  function preload(query) {
    if (Q && query.trim()) Q.preload(query);
    if (Q && Q.parseId(query)) return; // an id is looked up, not searched
    if (ready && query.trim()) ready.preload(query);
    else pagefind();
  }

  /* ---------- text: words, highlights, snippets ---------- */

  var WORD = /[\p{L}\p{N}]+/gu;

  function words(text) {
    return (String(text || "").toLowerCase().match(WORD)) || [];
  }

  // Words too common to be worth a highlight (unless the query has nothing else).
  var STOP = new Set(("a an and are as at be by for from in into is it of on or our that the their " +
    "this to we with").split(" "));

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", "#x27": "'" };

  // Which words to highlight: words that start with a query word, and the
  // single words Pagefind marked in its excerpt (its stemmed matches), read
  // as plain text. A marked compound ("Optimization-Generalization") adds
  // nothing: only its part that matched the query should light up.
  function matcher(query, excerpt) {
    var all = words(query);
    var terms = all.filter(function (t) { return !STOP.has(t); });
    if (!terms.length) terms = all;
    var marked = new Set();
    var re = /<mark>([\s\S]*?)<\/mark>/g;
    var m;
    while ((m = re.exec(excerpt || ""))) {
      var found = words(m[1].replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (_, e) { return ENTITIES[e]; }));
      if (found.length === 1 && (terms === all || !STOP.has(found[0]))) marked.add(found[0]);
    }
    return function (word) {
      var w = word.toLowerCase();
      if (marked.has(w)) return true;
      for (var i = 0; i < terms.length; i++) {
        if (w.indexOf(terms[i]) === 0) return true;
      }
      return false;
    };
  }

  function highlighted(text, isMatch) {
    var out = document.createDocumentFragment();
    var last = 0;
    var m;
    text = String(text || "");
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!isMatch(m[0])) continue;
      if (m.index > last) out.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      out.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  // About SNIPPET_WORDS words of `text`: the stretch with the most matches.
  function snippet(text, isMatch) {
    var all = String(text || "").split(/\s+/).filter(Boolean);
    var hits = all.map(function (w) { return words(w).some(isMatch) ? 1 : 0; });
    var best = 0;
    var bestCount = -1;
    var count = 0;
    for (var i = 0; i < all.length; i++) {
      count += hits[i] - (i >= SNIPPET_WORDS ? hits[i - SNIPPET_WORDS] : 0);
      var from = Math.max(0, i - SNIPPET_WORDS + 1);
      if (count > bestCount) { bestCount = count; best = from; }
    }
    // Start a few words before the first match of the best stretch.
    var first = hits.indexOf(1, best);
    var start = first < 0 ? 0 : Math.max(0, Math.min(first - 6, all.length - SNIPPET_WORDS));
    var end = Math.min(all.length, start + SNIPPET_WORDS);
    return (start > 0 ? "… " : "") + all.slice(start, end).join(" ") + (end < all.length ? " …" : "");
  }

  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : "";
  }

  // A result's URL as an href: only http(s), whatever the index says.
  function safeHref(url) {
    try {
      var u = new URL(url, location.href);
      return /^https?:$/.test(u.protocol) ? u.href : "#";
    } catch (e) {
      return "#";
    }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  // A paper's text after its title and authors, without its tags: its
  // abstract (and commentary). generator/build/search.py writes a record's content
  // as title, authors, abstract, tags joined by " · ", extra text.
  function bodyText(data) {
    var text = String(data.content || "");
    var meta = data.meta || {};
    [meta.title, meta.authors].forEach(function (part) {
      if (part && text.indexOf(part) === 0) text = text.slice(part.length).trim();
    });
    var tags = ((data.filters && data.filters.tag) || []).join(" · ");
    if (tags && meta.date) text = text.replace(tags, " ").trim();
    return text;
  }

  // The parts of one result, all text: title, facts line, tags, snippet.
  function hitParts(data, query, tag) {
    var meta = data.meta || {};
    var isMatch = matcher(query, data.excerpt);
    var title = el(tag, "pa-hit__title");
    title.appendChild(highlighted(meta.title || data.url, isMatch));
    var facts = [];
    if (meta.date) facts.push(longDate(meta.date));
    if (meta.upvotes && meta.upvotes !== "0") facts.push("▲ " + meta.upvotes);
    if (!meta.date) facts.push("Page");
    var factsNode = el(tag, "pa-hit__meta", facts.join(" · "));
    var tags = el(tag, "pa-hit__tags");
    ((data.filters && data.filters.tag) || []).forEach(function (t) {
      tags.appendChild(el(tag, "pa-hit__tag", t));
    });
    var authors = null;
    if (meta.authors && words(meta.authors).some(isMatch)) {
      authors = el(tag, "pa-hit__authors");
      authors.appendChild(highlighted(meta.authors, isMatch));
    }
    var snip = el(tag, "pa-hit__snippet");
    snip.appendChild(highlighted(snippet(bodyText(data), isMatch), isMatch));
    return [title, authors, factsNode, tags, snip].filter(Boolean);
  }

  /* ---------- navigation helpers ---------- */

  function onSearchPage() {
    return document.querySelector("[data-pa-search-page]");
  }

  // Follow a link the way a click would, so Material's instant navigation
  // takes it (a full load where instant navigation does not apply).
  function follow(href) {
    var a = document.createElement("a");
    a.href = href;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function searchURL(state) {
    var url = new URL(SEARCH_PAGE);
    ["q", "tag", "year", "sort", "verbatim"].forEach(function (k) {
      if (state[k]) url.searchParams.set(k, state[k]);
    });
    return url;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  /* ---------- the header box: a combobox with a list of results ---------- */

  function setUpBox(form) {
    if (form.dataset.paReady) return;
    form.dataset.paReady = "1";
    form.action = SEARCH_PAGE.href; // the rendered action is relative to the first page
    var input = form.querySelector("input[name=q]");
    var popup = form.querySelector(".pa-search__popup");
    var list = popup.querySelector("[role=listbox]");
    var status = popup.querySelector(".pa-search__status");
    var active = -1;
    var ticket = 0;

    function options() { return list.querySelectorAll("[role=option]"); }

    function open(show) {
      popup.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) select(-1);
    }

    function select(i) {
      var opts = options();
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // The link is the option itself: a link inside an option would nest two
    // interactive elements, and a link keeps "open in a new tab" working.
    function option(href, parts, n) {
      var li = el("li", "pa-hit");
      li.setAttribute("role", "none");
      var a = el("a", "pa-hit__link");
      a.id = "pa-search-option-" + n;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.href = safeHref(href);
      a.tabIndex = -1;
      parts.forEach(function (p) { a.appendChild(p); });
      li.appendChild(a);
      return li;
    }

    function goToPage(query) {
      var page = onSearchPage();
      open(false);
      if (page && page.paApply) page.paApply({ q: query }, true);
      else follow(searchURL({ q: query }).href);
    }

    function allOption(query, total, n) {
      var more = option(searchURL({ q: query }).href,
        [el("span", "pa-hit__all", total > IN_BOX ? "All " + total + " results →" : "Open on the search page →")], n);
      more.classList.add("pa-hit--all");
      more.querySelector("a").addEventListener("click", function (ev) {
        if (onSearchPage()) { ev.preventDefault(); ev.stopPropagation(); goToPage(query); }
      });
      return more;
    }

    var run = debounce(function (query) {
      var mine = ++ticket;
      if (!query.trim()) { open(false); return; }
      Promise.all([find(query), sitePages(query)]).then(function (r) {
        var found = r[0];
        if (mine !== ticket) return;
        if (found.id) { showId(found); return; }
        var search = found.search;
        var total = search.results.length;
        var pending = search.results.slice(0, IN_BOX).map(function (r) { return r.data(); });
        var pages = r[1];
        function start() { // the new query's list replaces the old one
          list.replaceChildren();
          active = -1;
          input.removeAttribute("aria-activedescendant");
          var note = "";
          if (found.switched) note = "Showing results for “" + found.query + "”";
          else if (found.corrected) note = "Did you mean “" + found.corrected + "”?";
          status.textContent = total || pages.length ? note : "No results for “" + query + "”";
          status.hidden = !status.textContent;
          list.setAttribute("data-pa-query", query); // what the list shows (tests, benchmark)
          open(true);
        }
        function addPages() {
          pages.forEach(function (d, i) {
            list.appendChild(option(d.url, hitParts(d, found.query, "span"), IN_BOX + 1 + i));
          });
        }
        if (!pending.length) { start(); addPages(); return; }
        // Each result shows as soon as it and the ones above it have arrived.
        return pending.reduce(function (chain, data, i) {
          return chain.then(function () { return data; }).then(function (d) {
            if (mine !== ticket) return;
            if (i === 0) start();
            list.appendChild(option(d.url, hitParts(d, query, "span"), i));
          });
        }, Promise.resolve()).then(function () {
          if (mine !== ticket) return;
          list.appendChild(allOption(query, total, pending.length));
          addPages();
        });
      }).catch(function (err) {
        if (mine !== ticket) return;
        list.replaceChildren();
        status.textContent = "Search is not available: " + err.message;
        status.hidden = false;
        open(true);
      });
    }, DEBOUNCE_MS);

    // An arXiv id or URL: the paper itself, or where to find it when the
    // archive does not have it.
    function showId(found) {
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.setAttribute("data-pa-query", input.value);
      if (found.exact) {
        status.hidden = true;
        list.appendChild(option(found.exact.url, exactParts(found.exact, "span"), 0));
      } else {
        status.textContent = "arXiv " + found.id + " is not in this archive";
        status.hidden = false;
        list.appendChild(option(arxivURL(found.id), [el("span", "pa-hit__all", "Open arXiv " + found.id + " on arxiv.org →")], 0));
      }
      open(true);
    }

    input.addEventListener("focus", function () { pagefind(); });
    input.addEventListener("input", function () { preload(input.value); run(input.value); });
    input.addEventListener("keydown", function (ev) {
      var n = options().length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (popup.hidden) { if (input.value.trim()) run(input.value); return; }
        ev.preventDefault();
        var step = ev.key === "ArrowDown" ? 1 : -1;
        select(n ? (active + step + n + (active < 0 && step < 0 ? 1 : 0)) % n : -1);
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        var opts = options();
        if (!popup.hidden && active >= 0 && opts[active]) {
          opts[active].click();
          open(false);
        } else if (input.value.trim()) {
          goToPage(input.value);
        }
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        if (!popup.hidden) open(false);
        else if (input.value) input.value = "";
        else input.blur();
      }
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (input.value.trim()) goToPage(input.value);
    });
    form.addEventListener("focusout", function (ev) {
      if (!form.contains(ev.relatedTarget)) setTimeout(function () {
        if (!form.contains(document.activeElement)) open(false);
      }, 150);
    });
    list.addEventListener("mousemove", function (ev) {
      var opt = ev.target.closest && ev.target.closest("[role=option]");
      if (opt) select(Array.prototype.indexOf.call(options(), opt));
    });
    form.paClose = function () { open(false); };
    // Words typed before this script ran (a slow first load) are searched now.
    if (document.activeElement === input && input.value.trim()) { preload(input.value); run(input.value); }
  }

  /* ---------- the search page: docs/assets/search-page.js ---------- */

  var HELPERS = { el: el, hitParts: hitParts, exactParts: exactParts, safeHref: safeHref, arxivURL: arxivURL, searchURL: searchURL, debounce: debounce, preload: preload, pagefind: pagefind, find: find, sitePages: sitePages, SORTS: SORTS, PER_PAGE: PER_PAGE, DEBOUNCE_MS: DEBOUNCE_MS };

  /* ---------- wiring ---------- */

  function setUp() {
    var box = document.querySelector("[data-pa-search]");
    if (box) {
      setUpBox(box);
      if (box.paClose) box.paClose();
    }
    var page = onSearchPage();
    if (page && window.paSearchPage) window.paSearchPage(page, HELPERS);
  }

  // Back and Forward between searches on the search page (Material reloads
  // the page itself only when the path changes).
  window.addEventListener("popstate", function () {
    var page = onSearchPage();
    if (page && page.paRestore && location.pathname === SEARCH_PAGE.pathname) page.paRestore();
  });

  // "/" focuses the header box, unless typing somewhere already.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var input = document.querySelector("[data-pa-search] input[name=q]");
    if (input) { ev.preventDefault(); input.focus(); }
  });

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
