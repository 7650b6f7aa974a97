/* What a search query means before Pagefind sees it (used by search.js).

   - An arXiv id (2503.08638, 2503.08638v2, arXiv:2503.08638, hep-th/9901001)
     or a pasted arXiv, alphaXiv or Hugging Face papers URL names one paper:
     it is resolved exactly from a small static lookup split by id prefix
     (pagefind/archive/ids/<shard>.json, generator/build/search_lookup.py; ids/index.json
     lists the files that exist).
   - A word that is not in the archive's vocabulary (pagefind/archive/words/
     <letter>.json: words of two papers or more) is corrected to the most used
     word within one edit (two for words of six letters or more).

   Lookups are fetched once per file and page view, and only for the query's
   words: a few kilobytes, whatever the size of the archive. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("__config").textContent);
  var BASE = new URL(config.base, location.href);
  var ROOT = new URL("pagefind/archive/", BASE);
  var NEW_ID = /^(\d{4}\.\d{4,5})(v\d+)?$/;
  var OLD_ID = /^([a-z-]+(\.[a-z]{2})?\/\d{7})(v\d+)?$/;
  var HOSTS = /^(www\.|export\.)?(arxiv\.org|alphaxiv\.org|huggingface\.co|hf\.co)$/;
  var MIN_WORD = 4; // shorter words are not corrected: too many neighbours

  // The normalized arXiv id a query names, or null.
  function parseId(query) {
    var q = String(query || "").trim();
    var m = /^(?:arxiv:\s*)?(\S+)$/i.exec(q);
    if (!m) return null;
    var text = m[1];
    if (/^(https?:\/\/)?[a-z.]*(arxiv\.org|alphaxiv\.org|huggingface\.co|hf\.co)\//i.test(text)) {
      var url;
      try { url = new URL(/^https?:/i.test(text) ? text : "https://" + text); } catch (e) { return null; }
      if (!HOSTS.test(url.hostname.toLowerCase())) return null;
      var path = url.pathname.replace(/^\/(abs|pdf|html|papers|overview|format)\//, "").replace(/\.pdf$/, "").replace(/\/+$/, "");
      text = decodeURIComponent(path);
    }
    text = text.toLowerCase();
    var id = NEW_ID.exec(text) || OLD_ID.exec(text);
    return id ? id[1] : null;
  }

  // The lookup file an id is in (generator/build/search_lookup.py: id_shard).
  function idShard(id) {
    if (/^\d{4}\.\d{4,5}$/.test(id)) return id.slice(0, 7);
    var m = /^([a-z-]+)(\.[a-z]{2})?\/(\d{7})$/.exec(id);
    return m ? m[1] + "-" + m[3].slice(0, 4) : null;
  }

  var files = {};
  function fetchJSON(rel) {
    if (!files[rel]) {
      files[rel] = fetch(new URL(rel, ROOT)).then(function (r) {
        if (r.status === 404) return null; // no paper (or word) there: an answer, not an error
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
      files[rel].catch(function () { delete files[rel]; });
    }
    return files[rel];
  }

  // {id, url, title, date, authors} of the paper with this id, or null.
  function lookupId(id) {
    var shard = idShard(id);
    if (!shard) return Promise.resolve(null);
    return fetchJSON("ids/index.json").then(function (shards) {
      return shards && shards.indexOf(shard) >= 0 ? fetchJSON("ids/" + shard + ".json") : null;
    }).then(function (table) {
      var hit = table && Object.prototype.hasOwnProperty.call(table, id) ? table[id] : null;
      return hit ? { id: id, url: new URL(hit[0], BASE).href, title: hit[1], date: hit[2], authors: hit[3] } : null;
    });
  }

  var vocab = {};
  function words(letter) {
    if (!vocab[letter]) {
      vocab[letter] = fetchJSON("words/" + letter + ".json").then(function (list) {
        var map = new Map();
        (list || []).forEach(function (wn) { map.set(wn[0], wn[1]); });
        return { list: list || [], map: map };
      });
      vocab[letter].catch(function () { delete vocab[letter]; });
    }
    return vocab[letter];
  }

  // Optimal string alignment distance, or max + 1 once it must exceed `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  function correctWord(word, last) {
    var letter = /^[a-z]/.test(word) ? word[0] : "_";
    return words(letter).then(function (v) {
      if (v.map.has(word)) return null;
      // The word being typed may be the start of a known word.
      if (last && v.list.some(function (wn) { return wn[0].indexOf(word) === 0; })) return null;
      var max = word.length >= 6 ? 2 : 1;
      var best = null;
      var bestD = max + 1;
      var bestN = 0;
      v.list.forEach(function (wn) { // most used first: a tie keeps the more used word
        var d = distance(word, wn[0], max);
        if (d < bestD || (d === bestD && wn[1] > bestN)) { best = wn[0]; bestD = d; bestN = wn[1]; }
      });
      return bestD <= max ? best : null;
    });
  }

  // The query with its unknown words corrected, or null when nothing changed.
  function correct(query) {
    var q = String(query || "");
    var found = [];
    var re = /[\p{L}]+/gu;
    var m;
    while ((m = re.exec(q))) found.push({ at: m.index, word: m[0] });
    var todo = found.filter(function (f) { return f.word.length >= MIN_WORD && /^[a-z]+$/i.test(f.word); });
    if (!todo.length) return Promise.resolve(null);
    var lastAt = found.length ? found[found.length - 1].at : -1;
    return Promise.all(todo.map(function (f) {
      return correctWord(f.word.toLowerCase(), f.at === lastAt && !/\s$/.test(q));
    })).then(function (fixes) {
      var out = q;
      var changed = false;
      for (var i = todo.length - 1; i >= 0; i--) {
        if (!fixes[i]) continue;
        changed = true;
        out = out.slice(0, todo[i].at) + fixes[i] + out.slice(todo[i].at + todo[i].word.length);
      }
      return changed ? out : null;
    }).catch(function () { return null; }); // no suggestion is better than no search
  }

  // Fetch what a query will need while the debounce waits.
  function preload(query) {
    var id = parseId(query);
    if (id) { lookupId(id).catch(function () {}); return; }
    (String(query || "").match(/[a-z]{4,}/gi) || []).forEach(function (w) {
      words(w[0].toLowerCase()).catch(function () {});
    });
  }

  window.paSearchQuery = { preload: preload, parseId: parseId, idShard: idShard, lookupId: lookupId, correct: correct, distance: distance };
})();
