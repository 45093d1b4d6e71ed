"""Every page of a built book, as a reader's browser gets it: bytes, accessibility, phone, math.

    .venv/bin/python tools/audit_pages.py [--html _build/html] [--json OUT]

For each page of the table of contents (served from 127.0.0.1, fresh browser context, empty
cache; Debian's chromium):

bytes      every response's body after the load event and the page's widgets (raw, and
           gzip level 6 per body, as a server would send it).
axe        axe-core's WCAG 2.1 A/AA violations (nodes counted), light theme + dark theme.
overflow   document.documentElement.scrollWidth at a 390 px wide viewport (> 390: the page
           scrolls sideways).
math 4x    with the CPU throttled 4x (CDP): ms from navigation start until the page's math is
           typeset: MathJax's startup promise if the page loads MathJax, else 0 (formulas
           rendered at build time, no math script); and the load event's time for context.
"""
import argparse
import functools
import gzip
import http.server
import json
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from make_pdf import toc_pages

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWS = 'script[type="application/vnd.jupyter.widget-view+json"]'


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _widgets(page):
    views = page.locator(VIEWS).count()
    if views:
        page.wait_for_function(f"document.querySelectorAll('.mnn-widget, .widget-container, .jupyter-widgets, "
                               f".mnn-host-error').length >= 1", timeout=60000)


def audit(browser, base, path):
    out = {"page": path}
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    bodies = []
    page.on("response", lambda r: bodies.append(r))
    page.goto(base + path, wait_until="networkidle")
    _widgets(page)
    sizes = []
    for r in bodies:
        try:
            body = r.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        sizes.append((len(body), len(gzip.compress(body, 6))))
    out["bytes_raw"], out["bytes_gz"] = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
    page.evaluate(AXE.read_text())
    out["axe"] = 0
    for theme in ("light", "dark"):
        page.evaluate("""async (t) => { document.documentElement.dataset.theme = t;
            await new Promise(requestAnimationFrame);
            await Promise.all(document.getAnimations().map((a) => a.finished)); }""", theme)
        out["axe"] += page.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"]})).violations.reduce((n, v) => n + v.nodes.length, 0)""", WCAG)
    context.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(base + path, wait_until="networkidle")
    _widgets(phone)
    out["scroll_width_390"] = phone.evaluate("document.documentElement.scrollWidth")
    phone.close()
    slow = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = slow.new_page()
    cdp = slow.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(base + path, wait_until="load")
    out["load_4x_ms"] = round(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
    out["math_4x_ms"] = round(page.evaluate("""async () => {
        if (!window.MathJax || !window.MathJax.startup) return 0;
        await window.MathJax.startup.promise;
        return performance.now();
    }"""))
    slow.close()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", default=str(ROOT / "_build" / "html"))
    ap.add_argument("--json")
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=args.html))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for path in toc_pages(Path(args.html).parent.parent):
            if (Path(args.html) / path).exists():
                rows.append(audit(browser, base, path))
                print(json.dumps(rows[-1]), flush=True)
        browser.close()
    server.shutdown()
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
