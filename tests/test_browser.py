"""The rendered book in a real browser: math typeset, widgets live, nothing from other hosts.

Needs the built book (`make book`) and Debian's chromium (`apt-get install -y chromium`).
Without chromium the tests skip, saying so; with MATHNN_REQUIRE_BROWSER=1 (set by .ci/run)
a skip becomes a failure, so CI always runs them.
"""
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

HTML = Path(__file__).resolve().parent.parent / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# Console messages that are known and harmless (BOOK_PLAN section 3).
HARMLESS = ("THEBE_JS_URL", "invalid theme mode", "favicon")
ROOT = Path(__file__).resolve().parent.parent


def _toc_pages():
    """Every page of the table of contents, as its built HTML path."""
    pages = []
    for line in (ROOT / "_toc.yml").read_text().splitlines():
        key, _, value = line.strip().lstrip("- ").partition(":")
        if key in ("root", "file"):
            pages.append(value.strip() + ".html")
    return pages


PAGES = _toc_pages()
# The widget pages, the widget kind each shows, and the slider to drag on it.
DRAGS = [("book/01-single-neuron.html", ".mnn-neuron", "weight"),
         ("book/02-layer.html", ".mnn-layer", "weight"),
         ("book/04-activations.html", ".mnn-bump", "weight"),
         ("book/08-gradient-descent.html", ".mnn-descent", "learning rate")]
WIDGET_PAGES = [page for page, _, _ in DRAGS]


def _need(what, ok, how):
    if ok:
        return
    if os.environ.get("MATHNN_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is missing and MATHNN_REQUIRE_BROWSER is set: {how}")
    pytest.skip(f"{what} is missing: {how}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    _need("the built book", (HTML / "index.html").exists(), "run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    _need("chromium", Path(CHROMIUM).exists(), "install it with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened with every request to a host other than 127.0.0.1 blocked and counted."""

    def __init__(self, browser, url):
        self.outside, self.errors = [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": 1000})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until="networkidle")

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def real_errors(self):
        return [e for e in self.errors if not any(h in e for h in HARMLESS)]


@pytest.mark.parametrize("path", PAGES)
def test_page_serves_itself_math_typeset_figures_described(server, browser, path):
    visit = Visit(browser, f"{server}/{path}")
    page = visit.page
    if page.locator("main .math").count():  # pages with math: MathJax has typeset all of it
        page.wait_for_selector("mjx-container", timeout=15000)
        page.wait_for_function("document.querySelectorAll('main .math:not(:has(mjx-container))').length === 0",
                               timeout=15000)
    text = page.inner_text("main")
    assert "\\(" not in text and "\\[" not in text and "$$" not in text
    assert "{glue" not in text, "a glue reference was not resolved"
    for img in page.locator("main img").all():  # every figure has alt text
        assert (img.get_attribute("alt") or "").strip(), f"an image without alt text on {path}"
    assert visit.outside == []
    assert visit.real_errors() == []
    page.close()


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_every_widget_renders(server, browser, path):
    visit = Visit(browser, f"{server}/{path}")
    page = visit.page
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    assert views > 0
    page.wait_for_function(f"document.querySelectorAll('.mnn-widget').length >= {views}", timeout=20000)
    assert page.locator(".mnn-widget").count() == views
    for slider in page.locator(".mnn-widget input[type=range]").all():
        assert slider.get_attribute("aria-label")  # every slider is labelled for screen readers
    assert visit.outside == []
    assert visit.real_errors() == []
    page.close()


def _state(widget):
    return (widget.locator("svg").first.inner_html(), widget.locator(".mnn-readout").all_inner_texts(),
            widget.inner_text())


def _drag(page, slider, fraction):
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * fraction, y, steps=8)
    page.mouse.up()


@pytest.mark.parametrize("path, selector, label", DRAGS)
def test_dragging_a_slider_redraws(server, browser, path, selector, label):
    visit = Visit(browser, f"{server}/{path}")
    page = visit.page
    widget = page.locator(selector).first
    widget.wait_for(timeout=20000)
    widget.scroll_into_view_if_needed()
    weight = widget.locator(f'input[type=range][aria-label*="{label}"]').first

    before = _state(widget)
    _drag(page, weight, 0.9)  # mouse
    after_mouse = _state(widget)
    assert after_mouse[0] != before[0], "the drawing did not change when the weight was dragged"
    assert after_mouse[1] != before[1], "the readout did not change when the weight was dragged"

    weight.focus()  # keyboard
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    after_keys = _state(widget)
    assert after_keys[0] != after_mouse[0] and after_keys[1] != after_mouse[1]
    assert visit.outside == [] and visit.real_errors() == []
    page.close()
