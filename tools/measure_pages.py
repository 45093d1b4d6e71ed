"""What a reader's browser pays for the book's widget pages: bytes, time to a working slider, drag cost.

    .venv/bin/python tools/measure_pages.py [--html DIR] [--runs N] [--json OUT] [PAGE ...]

DIR (default _build/html) is served from an in-process http.server on 127.0.0.1; PAGEs are
paths inside DIR (default: every book/*.html whose HTML contains
application/vnd.jupyter.widget-view+json). Pages are loaded in Debian's chromium through
Playwright, a fresh browser context (empty cache) per load, viewport 1280x1000. Every request
not to 127.0.0.1 (or data:/blob:) is aborted and counted (with --no-route, only counted:
interception sends each request through Python, which adds its own delay). Only `.mnn-widget`, its range
inputs and the widget-view script tags are relied on, not any particular widget loader.

bytes        One load: every response's body (response.body()), after `networkidle` and once
             the page has as many `.mnn-widget` as widget-view script tags (timeout 60 s).
             Raw = sum of body sizes (the server does not compress); gz = sum of
             gzip.compress(body, 6) per body. Also the HTML document alone and the 5 largest.
first slider Time from navigation start to the first slider responding. t0 is just before
             page.goto(url, wait_until="commit"). An init script polls every 20 ms: once the
             first `.mnn-widget input[type=range]` exists, it sets the input to another allowed
             value (min, or max if value == min), dispatches `input` (bubbles: true), and checks
             whether the text of the enclosing `.mnn-widget` changed, at once or by the next
             animation frame. The first success records performance.now() (0 = navigation
             start) in window.__firstSliderMs. Median of N runs, unthrottled and with the CPU
             throttled 4x (CDP Emulation.setCPUThrottlingRate, set before navigation); 90 s timeout.
drag         On a loaded page (1x, and separately 4x), 200 times for the first slider of the
             first widget: set the next allowed value, then time dispatching `input` plus a
             forced layout (widget.getBoundingClientRect(); document.body.offsetHeight).
             p50 and p95 in ms, forced layout included.
"""
import argparse
import functools
import gzip
import http.server
import json
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

VIEW = "application/vnd.jupyter.widget-view+json"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
RENDERED = f"""() => document.querySelectorAll('.mnn-widget').length >=
  Math.max(1, document.querySelectorAll('script[type="{VIEW}"]').length)"""
PROBE = """(() => {
  const other = (inp) => (Number(inp.value) === Number(inp.min || 0) ? inp.max || 100 : inp.min || 0);
  function tick() {
    const inp = document.querySelector('.mnn-widget input[type=range]');
    if (!inp) return setTimeout(tick, 20);
    const widget = inp.closest('.mnn-widget'), before = widget.textContent;
    inp.value = other(inp);
    inp.dispatchEvent(new Event('input', { bubbles: true }));
    const ok = () => widget.isConnected && widget.textContent !== before;
    if (ok()) { window.__firstSliderMs = performance.now(); return; }
    requestAnimationFrame(() => {
      if (ok()) window.__firstSliderMs = performance.now(); else setTimeout(tick, 20);
    });
  }
  tick();
})();"""
DRAG = """(n) => {
  const inp = document.querySelector('.mnn-widget input[type=range]'), widget = inp.closest('.mnn-widget');
  const min = Number(inp.min || 0), max = Number(inp.max || 100);
  const step = inp.step === 'any' || !Number(inp.step) ? (max - min) / 100 : Number(inp.step);
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  let k = Math.round((Number(inp.value) - min) / step);
  const times = [];
  for (let i = 0; i < n; i++) {
    k = (k + 1) % count;
    inp.value = String(min + k * step);
    const t = performance.now();
    inp.dispatchEvent(new Event('input', { bubbles: true }));
    widget.getBoundingClientRect(); document.body.offsetHeight;
    times.push(performance.now() - t);
  }
  return times;
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


class Browser:
    """Chromium with one fresh, offline-guarded context per load."""

    def __init__(self, playwright):
        self.browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        self.blocked = []  # URLs of aborted requests, over all loads

    route = True  # False: no request interception (the pages' Content-Security-Policy guards)

    def page(self, rate=1, init_script=None):
        context = self.browser.new_context(viewport={"width": 1280, "height": 1000})
        if self.route:
            context.route("**/*", self._route)
        else:  # count what goes elsewhere, without slowing every request down
            context.on("request", lambda r: urlsplit(r.url).hostname in (None, "127.0.0.1")
                       or r.url.startswith(("data:", "blob:")) or self.blocked.append(r.url))
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        if rate != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
        return context, page

    def _route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def measure_bytes(b, url):
    context, page = b.page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(RENDERED, timeout=60_000)
    page.wait_for_load_state("networkidle")
    rows = []
    for r in responses:
        try:
            body = r.body()
        except Exception:  # redirects and the like have no body
            body = b""
        rows.append({"url": r.url, "raw": len(body), "gz": len(gzip.compress(body, 6))})
    context.close()
    doc = next(r for r in rows if r["url"] == url)
    top = sorted(rows, key=lambda r: -r["raw"])[:5]
    return {"requests": len(rows), "raw": sum(r["raw"] for r in rows), "gz": sum(r["gz"] for r in rows),
            "html": {"raw": doc["raw"], "gz": doc["gz"]},
            "top": [{"name": urlsplit(r["url"]).path, "raw": r["raw"], "gz": r["gz"]} for r in top]}


def first_slider(b, url, rate):
    context, page = b.page(rate, init_script=PROBE)
    t0 = time.time() * 1000
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__firstSliderMs !== undefined", timeout=90_000, polling=100)
    ms, origin = page.evaluate("() => [window.__firstSliderMs, performance.timeOrigin]")
    context.close()
    return {"s": ms / 1000, "origin_after_t0_ms": origin - t0}


def drag(b, url, rate, n=200):
    context, page = b.page(rate)
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(RENDERED, timeout=60_000)
    page.wait_for_timeout(500)
    times = sorted(page.evaluate(DRAG, n))
    context.close()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (n - 1))], "n": n}


def widget_pages(root):
    return [str(p.relative_to(root)) for p in sorted(root.glob("book/*.html")) if VIEW in p.read_text("utf-8")]


def kb(n):
    return f"{n / 1024:9.1f} kB"


def report(name, m):
    print(f"\n== {name}")
    print(f"  total      {kb(m['bytes']['raw'])} raw {kb(m['bytes']['gz'])} gz   {m['bytes']['requests']} requests"
          f", {m['blocked']} non-local blocked")
    print(f"  HTML       {kb(m['bytes']['html']['raw'])} raw {kb(m['bytes']['html']['gz'])} gz")
    for r in m["bytes"]["top"]:
        print(f"    {kb(r['raw'])} raw {kb(r['gz'])} gz   {r['name']}")
    for rate in ("1x", "4x"):
        f = m["first_slider"][rate]
        runs = " ".join(f"{r['s']:.2f}" for r in f["runs"])
        print(f"  first slider {rate}: median {f['median_s']:.2f} s   (runs: {runs})")
    for rate in ("1x", "4x"):
        d = m["drag"][rate]
        print(f"  drag {rate}: p50 {d['p50_ms']:.2f} ms  p95 {d['p95_ms']:.2f} ms"
              f"   ({d['n']} input events, forced layout included)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", default="_build/html")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--no-route", action="store_true",
                    help="do not intercept requests (each one then costs a round trip through "
                         "Python less); requests to other hosts are still counted")
    ap.add_argument("pages", nargs="*")
    args = ap.parse_args()
    root = Path(args.html).resolve()
    pages = args.pages or widget_pages(root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {"html": str(root), "runs": args.runs, "pages": {}}
    with sync_playwright() as p:
        b = Browser(p)
        b.route = not args.no_route
        results["browser"] = b.browser.version
        for name in pages:
            url = base + name
            before = len(b.blocked)
            m = {"bytes": measure_bytes(b, url), "blocked": len(b.blocked) - before, "first_slider": {}, "drag": {}}
            runs = {1: [], 4: []}
            for _ in range(args.runs):  # alternate 1x and 4x so drifts of the machine hit both
                for rate in runs:
                    runs[rate].append(first_slider(b, url, rate))
            for rate, rs in runs.items():
                m["first_slider"][f"{rate}x"] = {"median_s": statistics.median(r["s"] for r in rs), "runs": rs}
                m["drag"][f"{rate}x"] = drag(b, url, rate)
            m["blocked_urls"] = sorted(set(b.blocked[before:]))
            results["pages"][name] = m
            report(name, m)
        b.browser.close()
    server.shutdown()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
