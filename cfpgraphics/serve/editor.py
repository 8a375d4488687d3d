"""The editor page: `GET /edit?graphic=G&lang=L`. Each text of the graphic shows the English
beside a box for the translation (right to left for Arabic and any RTL language, in the
project's own fonts loaded with @font-face, so Khmer and Lao display on any computer). As you
type, the preview of the chosen size is drawn again (`POST /api/preview`: at once when none is
being drawn, else the keystrokes typed meanwhile go in the next request, the moment the answer
comes, so one tab never has more than one preview in flight) and each
field lists its problems in plain words before anything is saved; "every size" draws them side
by side; "Save" writes the language's file (`POST /api/save`), and is told when another tab
saved first, keeping what you typed.

The page is made here as HTML with every text escaped; the script is constant text that reads
what it needs from the page's attributes, so nothing typed or stored ever becomes markup or code.
"""
from __future__ import annotations

from html import escape

from ..content import po_catalogs as po
from ..content.language_tags import display_name, is_rtl
from .webfonts import font_faces
from ..content.names import SOURCE_LANG
from ..exchange.editing import load_texts
from .texts import Projects

SCRIPT = r"""<script>(function(){
var root=document.getElementById("editor"),token=document.querySelector('meta[name="cfp-token"]').content;
var img=document.getElementById("preview"),sizes=document.getElementById("size"),seq=0,busy=false,again=false;
function texts(){var t={};document.querySelectorAll("textarea[data-unit]").forEach(function(a){t[a.dataset.unit]=a.value;});return t;}
function post(url,body){return fetch(url,{method:"POST",headers:{"Content-Type":"application/json","X-CFP-Token":token},body:JSON.stringify(body)});}
function show(problems){document.querySelectorAll("ul[data-problems]").forEach(function(u){u.textContent="";});
 var general=document.getElementById("problems");general.textContent="";
 (problems||[]).forEach(function(p){var u=document.querySelector('ul[data-problems="'+CSS.escape(p.field||"")+'"]')||general;
  var li=document.createElement("li");li.className=p.severity;li.textContent=p.message+(p.fix?" ("+p.fix+")":"");u.appendChild(li);});}
function draw(){if(busy){again=true;return;}busy=true;again=false;var mine=++seq;root.setAttribute("aria-busy","true");
 post("/api/preview",{graphic:root.dataset.graphic,lang:root.dataset.lang,size:sizes.value,texts:texts()})
 .then(function(r){return r.json();}).then(function(d){if(mine!==seq)return;
  if(d.png){img.src="data:image/png;base64,"+d.png;}show(d.problems||[{severity:"error",message:d.error}]);
  root.dataset.drawn=String(mine);}).catch(function(){})
 .then(function(){busy=false;if(again){draw();}else{root.removeAttribute("aria-busy");}});}
document.querySelectorAll("textarea[data-unit]").forEach(function(a){a.addEventListener("input",draw);});
sizes.addEventListener("change",draw);
document.getElementById("all").addEventListener("click",function(){var box=document.getElementById("sizes");box.textContent="";
 Array.prototype.forEach.call(sizes.options,function(o){post("/api/preview",{graphic:root.dataset.graphic,lang:root.dataset.lang,size:o.value,texts:texts()})
  .then(function(r){return r.json();}).then(function(d){if(!d.png)return;var f=document.createElement("figure"),i=document.createElement("img"),c=document.createElement("figcaption");
  i.src="data:image/png;base64,"+d.png;i.alt=o.value;c.textContent=o.value;f.appendChild(i);f.appendChild(c);box.appendChild(f);});});});
document.getElementById("save").addEventListener("click",function(){var state=document.getElementById("saved");state.textContent="saving…";
 post("/api/save",{graphic:root.dataset.graphic,lang:root.dataset.lang,base:root.dataset.base||null,texts:texts()})
 .then(function(r){return r.json().then(function(d){return [r.status,d];});}).then(function(x){var s=x[0],d=x[1];
  if(s===200){root.dataset.base=d.base;state.textContent=d.changed.length?"saved in "+d.file:"nothing to save";}
  else if(s===409){state.textContent=d.error+". Your words are still here; the file now says: "+
   Object.keys(d.current).map(function(k){return k+": "+d.current[k];}).join(" | ");root.dataset.base=d.base||"";}
  else{state.textContent=d.error;}});});
document.getElementById("review").addEventListener("click",function(){var state=document.getElementById("saved");
 post("/api/review",{graphic:root.dataset.graphic,lang:root.dataset.lang}).then(function(r){return r.json();}).then(function(d){
  if(d.status){document.getElementById("status").textContent=d.status;state.textContent="marked "+d.status;draw();}
  else{state.textContent=d.error;}});});
draw();})();</script>"""

STYLE = """<style>
body{font:15px/1.45 cfp-text,system-ui,sans-serif;margin:0;color:#221b3a;background:#f6f4fb}
header{padding:12px 20px;background:#2b1f5c;color:#fff}header a{color:#ffc21a}
main{display:grid;grid-template-columns:minmax(320px,1fr) minmax(320px,1fr);gap:20px;padding:20px}
.field{background:#fff;border-radius:8px;padding:10px 12px;margin-bottom:12px}
.field h2{font-size:13px;margin:0 0 4px;text-transform:uppercase;letter-spacing:.04em;color:#5b4e8c}
.english{color:#555;margin:0 0 6px}
textarea{width:100%;box-sizing:border-box;font:17px/1.5 cfp-text,system-ui,sans-serif;min-height:3.2em;padding:6px}
li.error{color:#a4001d}li.warning{color:#8a5a00}
#preview{max-width:100%;border:1px solid #ccc;background:#fff}
#sizes{display:flex;flex-wrap:wrap;gap:12px}#sizes img{max-height:260px}
</style>"""


def editor_page(projects: Projects, graphic: str, lang: str, token: str) -> str:
    with projects.using(graphic, lang) as project:
        return _page(project, graphic, lang, token)


def _page(project, graphic: str, lang: str, token: str) -> str:
    found = project.graphics[graphic]
    template = project.templates[found.template]
    english = found.translations.get(SOURCE_LANG)
    source = po.units(template, english.values if english else {})
    texts, base = load_texts(project, graphic, lang)
    translation = found.translations.get(lang)
    status = translation.status if translation else "missing"
    direction = "rtl" if is_rtl(lang) else "ltr"
    name = display_name(lang) or lang
    fields = []
    for unit, text in source.items():
        label = " · ".join(unit)
        key = "/".join(unit)
        fields.append(
            f'<section class="field"><h2>{escape(label)}</h2>'
            f'<p class="english" lang="en" dir="ltr">{escape(text)}</p>'
            f'<textarea data-unit="{escape(key)}" lang="{escape(lang)}" dir="{direction}" '
            f'aria-label="{escape(label)} ({escape(name)})">{escape(texts.get(unit, ""))}</textarea>'
            f'<ul data-problems="{escape(unit[0] if len(unit) < 3 else unit[2])}"></ul></section>')
    options = "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in found.sizes)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="cfp-token" content="{escape(token)}">'
        f'<title>{escape(graphic)} · {escape(name)}</title>{STYLE}{font_faces(project, {lang, SOURCE_LANG})}</head><body>'
        f'<header><a href="/">← gallery</a> · <strong>{escape(graphic)}</strong> in {escape(name)} '
        f'({escape(lang)}) · <span id="status">{escape(status)}</span></header>'
        f'<main id="editor" data-graphic="{escape(graphic)}" data-lang="{escape(lang)}" data-base="{escape(base or "")}">'
        f'<div>{"".join(fields)}<p><button id="save" type="button">Save</button> <button id="review" type="button">Mark reviewed</button> <span id="saved" role="status"></span></p></div>'
        f'<div><label>Size <select id="size">{options}</select></label> '
        f'<button id="all" type="button">Every size</button>'
        f'<p><img id="preview" alt="preview"></p><ul id="problems"></ul><div id="sizes"></div></div>'
        f'</main>{SCRIPT}</body></html>\n')
