/* Renders the math of commentary (pymdownx.arithmatex "generic" output:
 * <span class="arithmatex">\(...\)</span> and <div class="arithmatex">\[...\]</div>)
 * with the vendored KaTeX, loaded only on pages that hold math. KaTeX runs with
 * its default trust: false, so commentary cannot reach \href, \url or HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/math\.js(\?.*)?$/, "vendor/katex/") : null;
  var loading = null;

  function load() {
    if (window.katex) return Promise.resolve();
    if (loading) return loading;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "katex.min.css";
    document.head.appendChild(css);
    loading = new Promise(function (resolve, reject) {
      var js = document.createElement("script");
      js.src = base + "katex.min.js";
      js.onload = resolve;
      js.onerror = reject;
      document.head.appendChild(js);
    });
    return loading;
  }

  function strip(tex) {
    var m = /^\s*\\[([]([\s\S]*)\\[)\]]\s*$/.exec(tex);
    return m ? m[1] : tex;
  }

  function render() {
    var nodes = document.querySelectorAll(".arithmatex:not([data-pa-math])");
    if (!nodes.length || !base) return;
    load().then(function () {
      nodes.forEach(function (el) {
        var display = el.tagName === "DIV";
        var tex = strip(el.textContent);
        el.setAttribute("data-pa-math", "");
        window.katex.render(tex, el, { displayMode: display, throwOnError: false });
      });
    });
  }

  // Material's instant navigation swaps pages without reloading scripts.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(render);
  else document.addEventListener("DOMContentLoaded", render);
})();
