"""Sphinx extension: the book's own widget host, and a Content-Security-Policy on every page.

Widgets. On a page that shows widgets, myst-nb embeds the notebook's saved widget state
(a script of type application/vnd.jupyter.widget-state+json), marks where each widget goes
(application/vnd.jupyter.widget-view+json) and adds the scripts of `nb_ipywidgets_js`:
here only our host, `_static/mnn/host.js` (web/host.js). When the build is done, this
extension rewrites each such page:

- it keeps only the models a view on the page shows, each with only its own traits;
- it refuses a mathnn widget whose saved code is not the package's current code (the
  notebook is stale: `make notebooks` re-executes it);
- it saves each distinct widget module once, as `_static/mnn/widget-<hash>.js`, with the
  copy of mathnn.js that the module carries for Jupyter replaced by an import of the one
  shared `_static/mnn/mathnn.js`, and each distinct stylesheet as `widget-<hash>.css`;
  the state then names these files.

Content-Security-Policy. Every page gets a `<meta http-equiv="Content-Security-Policy">`
that lets scripts, styles, fonts, images and connections come only from the book itself,
and inline scripts run only if their hash is listed, so a reader's browser refuses any
other host, whatever a page or a plugin tries.
"""
import base64
import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

import mathnn.widgets
from mathnn.widgets import ENGINE_INLINE

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
ENGINE_FILE = Path(mathnn.widgets.__file__).parent / "mathnn.js"
STATE = re.compile(r'(<script type="application/vnd\.jupyter\.widget-state\+json">)(.*?)(</script>)', re.S)
VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S)
HANDLER = re.compile(r'\son[a-z]+="([^"]*)"')
OLD_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*')
IMPORT_ENGINE = 'import * as mnn from "./mathnn.js";\n'
BASE_TRAITS = {"layout", "tabbable", "tooltip"}  # ipywidgets' DOMWidget traits: not ours


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _save(folder, text, suffix):
    """Write `text` once, as widget-<hash>.<suffix> in `folder`; return the file name."""
    name = f"widget-{_hash(text)}.{suffix}"
    path = folder / name
    if not path.exists():
        path.write_text(text)
    return name


def _check_current(traits, page):
    """Refuse a mathnn widget whose saved code differs from the package's code."""
    widget_id = traits.get("_anywidget_id", "")
    if not widget_id.startswith("mathnn.widgets."):
        return
    cls = getattr(mathnn.widgets, widget_id.rsplit(".", 1)[1], None)
    if cls is None or traits.get("_esm") != cls._esm or traits.get("_css") != cls._css:
        message = (f"{page}: its notebook saved {widget_id} with code that is not the package's "
                   f"current code; re-execute it with `make notebooks`")
        if os.environ.get("MATHNN_ALLOW_STALE"):  # a preview while other chapters are being changed
            logger.info(message + " (allowed: MATHNN_ALLOW_STALE is set)")
            return
        raise ExtensionError(message)


def widget_state(state_json, view_ids, folder, page):
    """The page's widget state, trimmed to the shown models, code and style saved as files."""
    state = json.loads(state_json)
    kept = {}
    for model_id in view_ids:
        model = state["state"].get(model_id)
        if model is None or model_id in kept:
            continue  # the host shows a note in place of a model the page lacks
        traits = {k: v for k, v in model["state"].items()
                  if (not k.startswith("_") or k in ("_esm", "_css")) and k not in BASE_TRAITS}
        if traits.get("_esm", "").startswith("widget-"):  # saved by an earlier run of this step
            kept[model_id] = {**model, "state": traits}
            continue
        _check_current(model["state"], page)
        esm = traits.get("_esm", "")
        if esm.startswith(ENGINE_INLINE):  # one shared mathnn.js instead of a copy per widget
            esm = IMPORT_ENGINE + esm[len(ENGINE_INLINE):]
        traits["_esm"] = _save(folder, esm, "js")
        if traits.get("_css"):
            traits["_css"] = _save(folder, traits["_css"], "css")
        kept[model_id] = {k: model[k] for k in ("model_name", "model_module", "model_module_version")} | \
            {"state": traits}
    return json.dumps({**state, "state": kept}, ensure_ascii=False).replace("</", "<\\/")


def _sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(page_html):
    """The policy for one page: the book's own files, plus the hashes of its inline code."""
    scripts = [body for attrs, body in INLINE_SCRIPT.findall(page_html)
               if not re.search(r'type="(?!text/javascript|module)', attrs)]
    handlers = [html.unescape(h) for h in HANDLER.findall(page_html)]  # onclick="window.print()"
    script_src = ["'self'"] + sorted({_sha256(s) for s in scripts})
    if handlers:
        script_src += ["'unsafe-hashes'"] + sorted({_sha256(h) for h in handlers})
    return "; ".join([
        "default-src 'self'", "script-src " + " ".join(script_src),
        "style-src 'self' 'unsafe-inline'",  # KaTeX's HTML and the theme carry style attributes
        "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'",
        "object-src 'none'", "base-uri 'self'", "form-action 'self'"])


def modulepreload(page_html, state_json, folder):
    """<link rel=modulepreload> for the page's widget modules and, if one imports it,
    mathnn.js: the browser fetches them at once, beside the host, not one after the other."""
    host = re.search(r'<script[^>]*src="([^"]*_static/mnn/)host\.js', page_html)
    if not host:
        return ""
    files = sorted({m["state"]["_esm"] for m in json.loads(state_json)["state"].values()})
    if any((folder / name).read_text().startswith(IMPORT_ENGINE) for name in files):
        files.insert(0, "mathnn.js")
    return "".join(f'<link rel="modulepreload" href="{host.group(1)}{name}" />\n' for name in files)


def rewrite_page(path, folder):
    page_html = path.read_text()
    state = STATE.search(page_html)
    if state:
        view_ids = [json.loads(v)["model_id"] for v in VIEW.findall(page_html)]
        new_state = widget_state(state.group(2), view_ids, folder, path.name)
        page_html = page_html[:state.start(2)] + new_state + page_html[state.end(2):]
        page_html = re.sub(r'<link rel="modulepreload"[^>]*>\n', "", page_html)
        page_html = page_html.replace("</head>", modulepreload(page_html, new_state, folder) + "</head>", 1)
    page_html = OLD_CSP.sub("", page_html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page_html)}">'
    charset = '<meta charset="utf-8" />'  # the policy must come before any script
    if charset in page_html:
        page_html = page_html.replace(charset, f"{charset}\n    {meta}", 1)
    else:  # a bare redirect page such as the root index.html
        page_html = meta + "\n" + page_html
    path.write_text(page_html)


def finish(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    folder = outdir / "_static" / "mnn"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "host.js", folder / "host.js")
    shutil.copyfile(ENGINE_FILE, folder / "mathnn.js")
    for path in outdir.rglob("*.html"):
        rewrite_page(path, folder)


def setup(app):
    app.connect("build-finished", finish)
    return {"version": "1", "parallel_read_safe": True}
