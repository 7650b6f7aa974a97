/* The Following and Saved pages (issue 23): loaded by follow-save.js, whose
   storage and buttons it uses (window.paArchiveKeep); every text reaches the
   page through textContent, never as HTML. */
(function () {
  "use strict";
  var K = window.paArchiveKeep;
  if (!K) return;
  var base = K.base, PREFIX = K.PREFIX, KEY = K.KEY, MAX_RAW = K.MAX_RAW, MAX_SAVED = K.MAX_SAVED,
    MAX_FOLLOWED = K.MAX_FOLLOWED, isDay = K.isDay, slugs = K.slugs, cleanPaper = K.cleanPaper,
    cleanPapers = K.cleanPapers, saved = K.saved, setSaved = K.setSaved, follows = K.follows,
    setFollows = K.setFollows, tagSlug = K.tagSlug, el = K.el, toggle = K.toggle, save = K.save,
    saveButton = K.saveButton, follow = K.follow;
  var PER_PAGE = 50;  // as the archive's lists (generator/site/indexes.py)
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function longDate(day) { return +day.slice(8) + " " + MONTHS[+day.slice(5, 7) - 1] + " " + day.slice(0, 4); }

  // ---- shared by the Following and Saved pages ----
  function tagTitles(article) {
    var titles = Object.create(null);
    Array.prototype.forEach.call(article.querySelectorAll("[data-pa-tags] a"), function (a) {
      var s = tagSlug(a.href);
      if (s) titles[s] = a.textContent;
    });
    return titles;
  }
  function pageNumber(count) {
    var m = /^#page-(\d{1,6})$/.exec(location.hash), n = m ? +m[1] : 1;
    return Math.min(Math.max(n, 1), Math.max(1, Math.ceil(count / PER_PAGE)));
  }
  function pager(count, n, where) {
    var pages = Math.ceil(count / PER_PAGE);
    if (pages < 2) return null;
    var nav = el("nav", { "class": "pa-pager", "aria-label": "pages, " + where });
    nav.appendChild(document.createTextNode("Page "));
    if (n > 1) nav.appendChild(el("a", { href: "#page-" + (n - 1), rel: "prev" }, "← previous"));
    // As the site's pagers (generator/site/render/common.py): the first, the last, two on each side.
    for (var i = 1, gap = false; i <= pages; i++) {
      if (i !== 1 && i !== pages && Math.abs(i - n) > 2) { gap = true; continue; }
      if (gap) { nav.appendChild(document.createTextNode(" …")); gap = false; }
      nav.appendChild(document.createTextNode(" "));
      nav.appendChild(i === n ? el("span", { "aria-current": "page" }, String(i)) : el("a", { href: "#page-" + i }, String(i)));
    }
    if (n < pages) { nav.appendChild(document.createTextNode(" ")); nav.appendChild(el("a", { href: "#page-" + (n + 1), rel: "next" }, "next →")); }
    return nav;
  }
  function item(p, titles, extra) {
    var li = el("li"), meta = [];
    li.appendChild(el("a", { href: base + "papers/" + p.key + "/" }, p.title || p.key));
    var small = el("small");
    if (typeof p.upvotes === "number" && isFinite(p.upvotes)) meta.push(el("span", { title: "upvotes" }, "▲ " + Math.round(p.upvotes)));
    if (p.day) meta.push(document.createTextNode(longDate(p.day)));
    if (p.isNew) meta.push(el("strong", { "class": "pa-new" }, "new"));
    meta.forEach(function (m, i) { if (i) small.appendChild(document.createTextNode(" · ")); small.appendChild(m); });
    li.appendChild(small);
    var known = p.tags.filter(function (s) { return s in titles; });
    if (known.length) {
      var tags = el("span", { "class": "pa-tags" });
      known.forEach(function (s, i) {
        if (i) tags.appendChild(document.createTextNode(" "));
        tags.appendChild(el("a", { href: base + "tags/" + s + "/" }, titles[s]));
      });
      li.appendChild(tags);
    }
    if (extra) { small.appendChild(document.createTextNode(" ")); small.appendChild(extra); }
    return li;
  }
  function fetchJSON(path) {
    return fetch(base + path, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  }

  // ---- the Following page ----
  function votes(p) { return typeof p.upvotes === "number" ? p.upvotes : -1; }
  function followingPage(root, article) {
    var titles = tagTitles(article), cache = Object.create(null), newestOfTag = root.getAttribute("data-newest") || "";
    Array.prototype.forEach.call(article.querySelectorAll("[data-pa-tags] li"), function (li) {
      var a = li.querySelector("a"), slug = a && tagSlug(a.href);
      if (!slug) return;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(toggle("Follow", "Follow: " + a.textContent, follows().tags.indexOf(slug) >= 0, function (on) {
        var done = follow(slug, on);
        setTimeout(render, 0);
        return done;
      }));
    });
    var status = el("p", { "class": "pa-count", role: "status" });
    var list = el("div");
    root.appendChild(status);
    root.appendChild(list);
    function get(slug) {
      if (!cache[slug]) cache[slug] = fetchJSON("feeds/tags/" + slug + ".json").then(function (d) {
        return d && Array.isArray(d.papers) ? d.papers : [];
      }, function () { return null; });
      return cache[slug];
    }
    var generation = 0;
    function render() {
      var mine = ++generation, f = follows();
      var tags = f.tags.filter(function (s) { return s in titles; });
      if (!tags.length) {
        list.textContent = "";
        status.textContent = "You follow no tags yet: press Follow beside a tag below, or on a tag's page.";
        return;
      }
      Promise.all(tags.map(get)).then(function (results) {
        if (mine !== generation) return;
        var byKey = Object.create(null), all = [], failed = 0;
        results.forEach(function (papers) {
          if (!papers) { failed++; return; }
          papers.forEach(function (raw) {
            var p = cleanPaper(raw);
            if (!p || !p.day || byKey[p.key]) return;
            p.upvotes = typeof raw.upvotes === "number" ? raw.upvotes : null;
            byKey[p.key] = p;
            all.push(p);
          });
        });
        all.sort(function (a, b) {
          return a.day !== b.day ? (a.day < b.day ? 1 : -1)
            : votes(b) - votes(a) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.key < b.key ? -1 : 1);
        });
        // "New": listed after the newest day this page showed before newer
        // papers came; the marks stay (through reloads) until the next ones.
        var newest = all.length ? all[0].day : "";
        if (newest) {
          if (!f.seen) { f.seen = newest; f.mark = newest; }
          else if (newest > f.seen) { f.mark = f.seen; f.seen = newest; }
          setFollows(f);
        }
        var fresh = 0;
        all.forEach(function (p) { p.isNew = !!f.mark && p.day > f.mark; if (p.isNew) fresh++; });
        var n = pageNumber(all.length);
        status.textContent = all.length + (all.length === 1 ? " paper" : " papers") + " of " + tags.length
          + (tags.length === 1 ? " tag" : " tags") + ", newest first" + (newestOfTag ? " (the " + newestOfTag + " newest of each tag)" : "")
          + (fresh ? "; " + fresh + " new since your last visit" : "") + "."
          + (failed ? " " + failed + " tag(s) could not be loaded; try again later." : "");
        list.textContent = "";
        var top = pager(all.length, n, "top"), ol = el("ol", { "class": "pa-list", start: String((n - 1) * PER_PAGE + 1) });
        all.slice((n - 1) * PER_PAGE, n * PER_PAGE).forEach(function (p) {
          ol.appendChild(item(p, titles, saveButton(cleanPaper(p), true)));
        });
        if (top) list.appendChild(top);
        list.appendChild(ol);
        if (top) list.appendChild(pager(all.length, n, "bottom"));
      });
    }
    window.addEventListener("hashchange", render);
    window.addEventListener("storage", function (e) { if (e.key === PREFIX + "following") render(); });
    render();
  }

  // ---- the Saved page ----
  var SPECIAL = /[{}\\%&#$_^~]/g;  // generator/site/render/bibtex.py, which this follows exactly
  var COMMAND = { "\\": "{\\textbackslash}", "{": "{\\textbraceleft}", "}": "{\\textbraceright}", "^": "{\\^{}}", "~": "{\\~{}}" };
  function bibValue(s) { return s.replace(SPECIAL, function (c) { return Object.prototype.hasOwnProperty.call(COMMAND, c) ? COMMAND[c] : "\\" + c; }); }
  function bibUrl(u) { return u.replace(/\\/g, "%5C").replace(/\{/g, "%7B").replace(/\}/g, "%7D"); }
  function str(v) { return typeof v === "string" ? v : ""; }
  function bibtex(p) {
    var dates = Array.isArray(p.list_dates) ? p.list_dates.filter(isDay) : [];
    if (!KEY.test(str(p.key)) || !str(p.title) || !dates.length) return null;
    var fields = [["title", "{" + bibValue(p.title) + "}"]];
    var authors = Array.isArray(p.authors) ? p.authors.filter(function (a) { return typeof a === "string"; }) : [];
    if (authors.length) fields.push(["author", authors.map(bibValue).join(" and ")]);
    fields.push(["year", (isDay(p.published) ? p.published : dates[0]).slice(0, 4)]);
    if (str(p.arxiv_id)) {
      fields.push(["eprint", bibValue(p.arxiv_id)], ["archivePrefix", "arXiv"]);
      if (Array.isArray(p.categories) && typeof p.categories[0] === "string") fields.push(["primaryClass", bibValue(p.categories[0])]);
    }
    var links = p.links && typeof p.links === "object" ? p.links : {};
    var url = str(links.arxiv) || str(links.hf) || str(links.project);
    if (url) fields.push(["url", bibUrl(url)]);
    if (!str(p.arxiv_id)) fields.push(["note", "Listed on Hugging Face Daily Papers, " + dates[0]]);
    return "@misc{" + p.key + ",\n" + fields.map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n") + "\n}";
  }
  function eachLimited(items, limit, work) {
    var at = 0, results = new Array(items.length);
    function next() {
      if (at >= items.length) return Promise.resolve();
      var i = at++;
      return work(items[i]).then(function (r) { results[i] = r; }, function () { results[i] = null; }).then(next);
    }
    var runners = [];
    for (var k = 0; k < Math.min(limit, items.length); k++) runners.push(next());
    return Promise.all(runners).then(function () { return results; });
  }
  function download(name, type, content) {
    var a = el("a", { href: URL.createObjectURL(new Blob([content], { type: type })), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function savedPage(root, article) {
    var titles = tagTitles(article);
    var status = el("p", { "class": "pa-count", role: "status" });
    var tools = el("p", { "class": "pa-keep-tools" });
    var list = el("div");
    var bib = el("button", { type: "button", "class": "pa-keep-btn" }, "Download BibTeX");
    var copy = el("button", { type: "button", "class": "pa-keep-btn" }, "Copy BibTeX");
    var exp = el("button", { type: "button", "class": "pa-keep-btn" }, "Export list (JSON)");
    var file = el("input", { type: "file", accept: ".json,application/json", "class": "pa-keep-file", id: "pa-keep-import" });
    var imp = el("label", { "for": "pa-keep-import", "class": "pa-keep-btn" }, "Import list (JSON)");
    var said = el("p", { "class": "pa-keep-said", role: "status" });
    [bib, copy, exp, file, imp].forEach(function (b) { tools.appendChild(b); tools.appendChild(document.createTextNode(" ")); });
    root.appendChild(status);
    root.appendChild(tools);
    root.appendChild(said);
    root.appendChild(list);

    function render() {
      var all = saved(), n = pageNumber(all.length);
      status.textContent = all.length ? all.length + (all.length === 1 ? " paper" : " papers") + ", last saved first."
        : "No saved papers yet: press Save beside a paper in a list, or on its page.";
      [bib, copy, exp].forEach(function (b) { b.disabled = !all.length; });
      list.textContent = "";
      if (!all.length) return;
      var shown = all.slice((n - 1) * PER_PAGE, n * PER_PAGE);
      var ol = el("ol", { "class": "pa-list", start: String((n - 1) * PER_PAGE + 1) });
      shown.forEach(function (p) {
        var remove = el("button", { type: "button", "class": "pa-keep-btn", "aria-label": "Remove: " + (p.title || p.key) }, "Remove");
        remove.addEventListener("click", function () {
          var at = Array.prototype.indexOf.call(list.querySelectorAll("button.pa-keep-btn"), remove);
          save(p, false);
          render();
          said.textContent = "Removed “" + (p.title || p.key) + "”.";
          // Keep the keyboard's place: the next Remove button, else the last, else the import.
          var left = list.querySelectorAll("button.pa-keep-btn");
          (left[Math.min(at, left.length - 1)] || file).focus();
        });
        ol.appendChild(item(p, titles, remove));
      });
      var top = pager(all.length, n, "top");
      if (top) list.appendChild(top);
      list.appendChild(ol);
      if (top) list.appendChild(pager(all.length, n, "bottom"));
      refresh(shown);
    }

    // The shown papers' title, last list day and tags, from the API: what a
    // list's Save button could see of them is less, and may have changed.
    // Titles as the paper page reads them: title_text, when the source's holds TeX.
    function refresh(shown) {
      eachLimited(shown, 4, function (p) { return fetchJSON("api/v1/papers/" + p.key + ".json"); }).then(function (found) {
        var byKey = Object.create(null), changed = false;
        shown.forEach(function (p, i) {
          var d = found[i];
          if (!d || d.key !== p.key) return;
          var dates = Array.isArray(d.list_dates) ? d.list_dates.filter(isDay) : [];
          var fresh = cleanPaper({ key: p.key, title: str(d.title_text) || d.title, day: dates[dates.length - 1], tags: d.tags });
          if (fresh && (fresh.title !== p.title || fresh.day !== p.day || fresh.tags.join() !== p.tags.join())) { byKey[p.key] = fresh; changed = true; }
        });
        if (!changed) return;
        setSaved(saved().map(function (p) { return byKey[p.key] || p; }));
        render();
      });
    }

    function bibtexAll() {
      var all = saved();
      said.textContent = "Preparing the BibTeX of " + all.length + (all.length === 1 ? " paper…" : " papers…");
      return eachLimited(all, 4, function (p) { return fetchJSON("api/v1/papers/" + p.key + ".json"); }).then(function (found) {
        var entries = [], missing = 0;
        all.forEach(function (p, i) { var e = found[i] && found[i].key === p.key ? bibtex(found[i]) : null; if (e) entries.push(e); else missing++; });
        return { text: entries.join("\n\n") + "\n", count: entries.length, missing: missing };
      });
    }
    function told(r, how) {
      said.textContent = "BibTeX of " + r.count + (r.count === 1 ? " paper " : " papers ") + how + "."
        + (r.missing ? " " + r.missing + " could not be loaded from the site; try again later." : "");
    }
    bib.addEventListener("click", function () {
      bibtexAll().then(function (r) { download("saved-papers.bib", "application/x-bibtex", r.text); told(r, "downloaded"); });
    });
    copy.addEventListener("click", function () {
      bibtexAll().then(function (r) {
        return navigator.clipboard.writeText(r.text).then(function () { told(r, "copied"); });
      }).catch(function () { said.textContent = "This browser did not allow copying; use Download BibTeX."; });
    });
    exp.addEventListener("click", function () {
      var data = { "paper-archive": "reading-list", version: 1, saved: saved(), following: follows().tags };
      download("reading-list.json", "application/json", JSON.stringify(data, null, 1) + "\n");
      said.textContent = "Exported " + data.saved.length + " papers and " + data.following.length + " followed tags.";
    });
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      if (f.size > MAX_RAW) { said.textContent = "That file is too large to be a reading list."; file.value = ""; return; }
      f.text().then(function (raw) {
        var data;
        try { data = JSON.parse(raw); } catch (e) { data = null; }
        if (!data || typeof data !== "object" || data["paper-archive"] !== "reading-list") {
          said.textContent = "That file is not a reading list exported from this site.";
          return;
        }
        var have = saved(), keys = Object.create(null), added = 0;
        have.forEach(function (p) { keys[p.key] = 1; });
        cleanPapers(data.saved).forEach(function (p) { if (!keys[p.key] && have.length < MAX_SAVED) { keys[p.key] = 1; have.push(p); added++; } });
        var fl = follows(), more = slugs(data.following, MAX_FOLLOWED).filter(function (s) { return fl.tags.indexOf(s) < 0; });
        fl.tags = fl.tags.concat(more).slice(0, MAX_FOLLOWED);
        setSaved(have);
        setFollows(fl);
        render();
        said.textContent = "Imported " + added + (added === 1 ? " paper" : " papers") + " and " + more.length
          + (more.length === 1 ? " followed tag" : " followed tags") + " (those already here were kept).";
      }).then(function () { file.value = ""; });
    });
    window.addEventListener("hashchange", render);
    window.addEventListener("storage", function (e) { if (e.key === PREFIX + "saved") render(); });
    render();
  }

  var article = document.querySelector("article.md-content__inner");
  var keep = article && article.querySelector("[data-pa-keep]");
  if (keep && keep.getAttribute("data-pa-keep") === "following") followingPage(keep, article);
  else if (keep && keep.getAttribute("data-pa-keep") === "saved") savedPage(keep, article);
})();
