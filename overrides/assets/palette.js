{#- Rendered once by MkDocs (theme.static_templates in mkdocs.yml) into
    site/assets/palette.js, with the palette of mkdocs.yml. -#}
/* Material's early scripts (MIT), served once instead of inline in every page
   (issue 12): its storage helpers (partials/javascripts/base.html; the scope
   is the site's root, this file's parent folder), the light/dark toggle
   (partials/palette.html; it only works with JavaScript, so JavaScript draws
   it), and the reader's saved choice (partials/javascripts/palette.html). */
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
(function (options) {
  var here = document.currentScript;
  if (!here || !options.length) return;
  var form = document.createElement("form");
  form.className = "md-header__option";
  form.setAttribute("data-md-component", "palette");
  options.forEach(function (option, i) {
    var input = document.createElement("input");
    input.className = "md-option";
    input.type = "radio";
    input.name = "__palette";
    input.id = "__palette_" + i;
    input.setAttribute("data-md-color-media", option.media || "");
    input.setAttribute("data-md-color-scheme", (option.scheme || "default").replace(/ /g, "-"));
    input.setAttribute("data-md-color-primary", (option.primary || "indigo").replace(/ /g, "-"));
    input.setAttribute("data-md-color-accent", (option.accent || "indigo").replace(/ /g, "-"));
    form.appendChild(input);
    if (option.toggle) {
      input.setAttribute("aria-label", option.toggle.name);
      var label = document.createElement("label");
      label.className = "md-header__button md-icon pa-i-" + ((option.scheme || "default") === "default" ? "light" : "dark");
      label.title = option.toggle.name;
      label.htmlFor = "__palette_" + ((i + 1) % options.length);
      label.hidden = true;
      form.appendChild(label);
    } else {
      input.setAttribute("aria-hidden", "true");
    }
  });
  here.parentNode.insertBefore(form, here);
})({{ (config.theme.palette if config.theme.palette is sequence and config.theme.palette is not string else []) | tojson }});
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
