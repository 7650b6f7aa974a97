{#- Rendered once by MkDocs (theme.static_templates in mkdocs.yml) into
    site/assets/palette.js, with the palette of mkdocs.yml: Material's early
    scripts (MIT), served once instead of inline in every page (issue 12).
    1. Its storage helpers (partials/javascripts/base.html); the scope is the
       site's root, this file's parent folder.
    2. The light/dark toggle (partials/palette.html): it only works with
       JavaScript, so JavaScript draws it, before this script's tag.
    3. The reader's saved choice (partials/javascripts/palette.html).
    Comments stay in this Jinja comment: the file is in every first visit. -#}
{%- set options = [] -%}
{%- for o in (config.theme.palette if config.theme.palette is sequence and config.theme.palette is not string else []) -%}
{%- set _ = options.append([o.media or "", (o.scheme or "default") | replace(" ", "-"), (o.primary or "indigo") | replace(" ", "-"), (o.accent or "indigo") | replace(" ", "-"), o.toggle.name if o.toggle else none]) -%}
{%- endfor %}
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
(function(o){var s=document.currentScript;if(!s||!o.length)return;var f=document.createElement("form");f.className="md-header__option";f.setAttribute("data-md-component","palette");o.forEach(function(p,i){var n=document.createElement("input");n.className="md-option";n.type="radio";n.name="__palette";n.id="__palette_"+i;["media","scheme","primary","accent"].forEach(function(k,j){n.setAttribute("data-md-color-"+k,p[j])});f.appendChild(n);if(p[4]){n.setAttribute("aria-label",p[4]);var l=document.createElement("label");l.className="md-header__button md-icon pa-i-"+(p[1]==="default"?"light":"dark");l.title=p[4];l.htmlFor="__palette_"+(i+1)%o.length;l.hidden=true;f.appendChild(l)}else n.setAttribute("aria-hidden","true")});s.parentNode.insertBefore(f,s)})({{ options | tojson }});
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
