/* Follow tags and keep a reading list, in this browser only (issue 23;
   generator/site/follow.py writes the pages and files it reads). This file puts
   the Follow and Save buttons on tag, paper and list pages; the Following
   and Saved pages load follow-save-pages.js besides.

   State lives in localStorage under keys named for this site's base path (two
   project sites on one github.io host stay apart); no cookie, and no request
   goes anywhere but this site. What storage holds is never trusted: a value
   that is not JSON, too large, of the wrong type or with unknown keys is
   ignored or cut down to what is valid, and every text reaches the page
   through textContent, never as HTML. */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me && me.src.replace(/assets\/follow-save\.js(\?.*)?$/, "");
  if (!base || base === me.src) return;
  var basePath = new URL(base).pathname;
  var PREFIX = "paper-archive:" + basePath + ":";
  var KEY = /^[a-z0-9][a-z0-9.\-]{0,99}$/;      // generator/archive/model.py KEY, MAX_KEY
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;          // generator/tags/taxonomy.py _SLUG
  var DAY = /^\d{4}-\d{2}-\d{2}$/;
  var MAX_RAW = 1 << 20;       // characters of one stored value or imported file
  var MAX_SAVED = 2000, MAX_FOLLOWED = 200, MAX_TITLE = 500, MAX_PAPER_TAGS = 20;

  // ---- storage: read defensively, write whole values ----
  function load(name) {
    try {
      var raw = window.localStorage.getItem(PREFIX + name);
      if (typeof raw !== "string" || raw.length > MAX_RAW) return null;
      return JSON.parse(raw);
    } catch (e) { return null; }
  }
  function store(name, value) {
    try { window.localStorage.setItem(PREFIX + name, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function text(v, max) { return typeof v === "string" ? v.slice(0, max) : ""; }
  function isDay(v) { return typeof v === "string" && DAY.test(v); }
  function slugs(list, max) {
    var seen = Object.create(null), out = [];
    if (!Array.isArray(list)) return out;
    for (var i = 0; i < list.length && out.length < max; i++) {
      var s = list[i];
      if (typeof s === "string" && s.length <= 64 && SLUG.test(s) && !seen[s]) { seen[s] = 1; out.push(s); }
    }
    return out;
  }
  function cleanPaper(p) {
    if (!p || typeof p !== "object" || typeof p.key !== "string" || !KEY.test(p.key)) return null;
    return { key: p.key, title: text(p.title, MAX_TITLE), day: isDay(p.day) ? p.day : "",
      tags: slugs(p.tags, MAX_PAPER_TAGS) };
  }
  function cleanPapers(list) {
    var seen = Object.create(null), out = [];
    if (!Array.isArray(list)) return out;
    for (var i = 0; i < list.length && out.length < MAX_SAVED; i++) {
      var p = cleanPaper(list[i]);
      if (p && !seen[p.key]) { seen[p.key] = 1; out.push(p); }
    }
    return out;
  }
  function saved() { var d = load("saved"); return cleanPapers(d && d.papers); }
  function setSaved(list) { return store("saved", { v: 1, papers: list }); }
  function follows() {
    var d = load("following");
    d = d && typeof d === "object" ? d : {};
    return { tags: slugs(d.tags, MAX_FOLLOWED), seen: isDay(d.seen) ? d.seen : "", mark: isDay(d.mark) ? d.mark : "" };
  }
  function setFollows(f) { return store("following", { v: 1, tags: f.tags, seen: f.seen, mark: f.mark }); }

  // ---- the page: where things are, relative to the site's base ----
  function rel(href) {
    try {
      var u = new URL(href, location.href);
      return u.pathname.indexOf(basePath) === 0 ? u.pathname.slice(basePath.length) : null;
    } catch (e) { return null; }
  }
  function paperKey(href) { var m = /^papers\/([^\/]+)\/$/.exec(rel(href) || ""); return m && KEY.test(m[1]) ? m[1] : null; }
  function tagSlug(href) { var m = /^tags\/([^\/]+)\/$/.exec(rel(href) || ""); return m && SLUG.test(m[1]) ? m[1] : null; }
  function dayOf(href) { var m = /^days\/(\d{4})\/(\d{2})\/(\d{2})\/(page-\d+\/)?$/.exec(rel(href) || ""); return m ? m[1] + "-" + m[2] + "-" + m[3] : ""; }
  function el(tag, attrs, content) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (content != null) e.textContent = content;
    return e;
  }
  function loadStyle() {
    if (document.querySelector("link[data-pa-keep-css]")) return;
    document.head.appendChild(el("link", { rel: "stylesheet", href: base + "assets/follow-save.css", "data-pa-keep-css": "" }));
  }
  function toggle(label, name, pressed, onPress) {
    var b = el("button", { type: "button", "class": "pa-keep-btn", "aria-pressed": String(pressed) }, label);
    if (name) b.setAttribute("aria-label", name);
    b.addEventListener("click", function () {
      var now = b.getAttribute("aria-pressed") !== "true";
      if (onPress(now) !== false) b.setAttribute("aria-pressed", String(now));
    });
    return b;
  }

  // ---- Save ----
  function isSaved(key) { return saved().some(function (p) { return p.key === key; }); }
  function save(paper, on) {
    var list = saved().filter(function (p) { return p.key !== paper.key; });
    if (on) list.unshift(paper);
    return setSaved(list.slice(0, MAX_SAVED));
  }
  function saveButton(paper, named) {
    return toggle("Save", named ? "Save: " + paper.title : null, isSaved(paper.key), function (on) { return save(paper, on); });
  }
  function tagsIn(node) {
    return slugs(Array.prototype.map.call(node ? node.querySelectorAll("a") : [], function (a) { return tagSlug(a.href); }), MAX_PAPER_TAGS);
  }

  function paperPage(article) {
    var key = paperKey(location.href), h1 = article.querySelector("h1"), facts = article.querySelector(".pa-facts");
    if (!key || !h1 || !facts) return;
    var days = article.querySelectorAll('.pa-facts a[href*="days/"]');
    var paper = cleanPaper({ key: key, title: h1.textContent.trim(), day: days.length ? dayOf(days[days.length - 1].href) : "",
      tags: tagsIn(article.querySelector("p.pa-tags")) });
    var p = el("p", { "class": "pa-keep" });
    p.appendChild(saveButton(paper, false));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(el("a", { href: base + "saved/" }, "Saved papers"));
    facts.parentNode.insertBefore(p, facts.nextSibling);
  }

  function listItems(root) {
    var pageDay = dayOf(location.href);
    Array.prototype.forEach.call(root.querySelectorAll("ol.pa-list > li"), function (li) {
      var a = li.querySelector(":scope > a"), key = a && paperKey(a.href);
      if (!key || li.querySelector(".pa-keep-btn")) return;
      var paper = cleanPaper({ key: key, title: a.textContent.trim(), day: pageDay, tags: tagsIn(li.querySelector(".pa-tags")) });
      var meta = li.querySelector(":scope > small");
      var b = saveButton(paper, true);
      if (meta) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(b); }
      else li.insertBefore(b, a.nextSibling);
    });
  }

  // ---- Follow ----
  function follow(slug, on) {
    var f = follows();
    f.tags = f.tags.filter(function (s) { return s !== slug; });
    if (on) f.tags.push(slug);
    return setFollows(f);
  }
  function followButton(slug, title, named) {
    return toggle("Follow", named ? "Follow: " + title : null, follows().tags.indexOf(slug) >= 0, function (on) { return follow(slug, on); });
  }

  function tagPage(article) {
    var m = /^tags\/([^\/]+)\/(page-\d+\/)?$/.exec(rel(location.href) || ""), slug = m && SLUG.test(m[1]) ? m[1] : null;
    var h1 = article.querySelector("h1"), desc = article.querySelector("p.pa-tag-description");
    if (!slug || !h1 || !desc) return;
    var p = el("p", { "class": "pa-keep" });
    p.appendChild(followButton(slug, "", false));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(el("a", { href: base + "following/" }, "Following"));
    desc.parentNode.insertBefore(p, desc.nextSibling);
  }

  function tagIndex(table) {
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr > td:first-child"), function (td) {
      var a = td.querySelector("a"), slug = a && tagSlug(a.href);
      if (slug) { td.appendChild(document.createTextNode(" ")); td.appendChild(followButton(slug, a.textContent, true)); }
    });
    addLinks(table.previousElementSibling);
  }

  function addLinks(p) {  // links right in the paragraph, styled (underlined) as its others
    if (!p || p.querySelector("[data-pa-keep-link]")) return;
    p.appendChild(document.createTextNode(" · "));
    p.appendChild(el("a", { href: base + "following/", "data-pa-keep-link": "" }, "Following"));
    p.appendChild(document.createTextNode(" · "));
    p.appendChild(el("a", { href: base + "saved/" }, "Saved papers"));
  }

  function start() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    loadStyle();
    if (article.querySelector("[data-pa-keep]")) {
      // The Following and Saved pages: their code, with this one's at hand.
      window.paArchiveKeep = { base: base, PREFIX: PREFIX, KEY: KEY, MAX_RAW: MAX_RAW, MAX_SAVED: MAX_SAVED,
        MAX_FOLLOWED: MAX_FOLLOWED, isDay: isDay, slugs: slugs, cleanPaper: cleanPaper, cleanPapers: cleanPapers,
        saved: saved, setSaved: setSaved, follows: follows, setFollows: setFollows, tagSlug: tagSlug, el: el,
        toggle: toggle, save: save, saveButton: saveButton, follow: follow };
      document.head.appendChild(el("script", { src: base + "assets/follow-save-pages.js" }));
      return;
    }
    var paper = article.querySelector(".pa-paper");
    if (paper) paperPage(paper);
    if (article.querySelector("p.pa-tag-description")) tagPage(article);
    var index = article.querySelector("table.pa-tagindex");
    if (index) tagIndex(index);
    listItems(article);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
