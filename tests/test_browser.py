"""The rendered book in a real browser: math typeset, widgets live, nothing from other hosts.

The widgets run on the book's own host (web/host.js) and compute through mathnn.js; these
tests drag them, read the numbers they show and compare those with mathnn's.

Needs the built book (`make book`) and Debian's chromium (`apt-get install -y chromium`).
Without chromium the tests skip, saying so; with MATHNN_REQUIRE_BROWSER=1 (set by .ci/run)
a skip becomes a failure, so CI always runs them.
"""
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

import mathnn as nn
from mathnn.widgets import DescentWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from make_pdf import toc_pages  # noqa: E402  (the table of contents, as the PDF reads it)

pytestmark = pytest.mark.browser

# the built book; MATHNN_HTML points the tests at another build (e.g. --path-output elsewhere)
HTML = Path(os.environ.get("MATHNN_HTML", Path(__file__).resolve().parent.parent / "_build" / "html"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = Path(__file__).resolve().parent.parent
MACHINERY = ("_static/mnn/host.js", "_static/mnn/mathnn.js")  # the host and the shared engine
MACHINERY_GZ_MAX = 10 * 1024


PAGES = toc_pages(ROOT) + ["index.html", "search.html", "genindex.html"]
# The widget pages, the widget kind each shows, and the slider to drag on it.
DRAGS = [("book/01-single-neuron.html", ".mnn-neuron", "weight"),
         ("book/02-layer.html", ".mnn-layer", "weight"),
         ("book/03-stacking-layers.html", ".mnn-escape", "weight"),
         ("book/04-activations.html", ".mnn-bump", "weight"),
         ("book/04-activations.html", ".mnn-bumps", "height"),
         ("book/08-gradient-descent.html", ".mnn-descent", "learning rate"),
         ("book/08-gradient-descent.html", ".mnn-descent2d", "learning rate"),
         ("book/09-backpropagation.html", ".mnn-stepper", "W1 row 1"),
         ("book/11-playground.html", ".mnn-playground", "noise")]
# Every page with a widget; chapter 10's draws with a pen, not a slider (its own tests draw).
WIDGET_PAGES = sorted({page for page, _, _ in DRAGS} | {"book/10-digits.html"})


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
    """A page opened with every request to a host other than 127.0.0.1 blocked and counted.

    `errors` holds every console error and uncaught exception; `responses` every response.
    """

    def __init__(self, browser, url, html=None):
        self.outside, self.errors, self.responses = [], [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": 1000})
        self.page.route("**/*", self._route)
        if html:  # serve this text in place of the page itself
            self.page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: self.responses.append(r))
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def wait_for_widgets(self):
        views = _wait_for_widgets(self.page)
        assert views > 0
        return views


def _wait_for_widgets(page):
    """Wait until every widget view of the page is drawn (or shown as an error); their count."""
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function(f"document.querySelectorAll('.mnn-widget, .mnn-host-error').length >= {views}",
                               timeout=20000)
        errors = page.locator(".mnn-host-error")
        assert errors.count() == 0, errors.first.inner_text()
    return views


@pytest.mark.parametrize("path", PAGES)
def test_page_serves_itself_math_typeset_figures_described(server, browser, path):
    visit = Visit(browser, f"{server}/{path}")
    page = visit.page
    # math is rendered when the book is built (KaTeX): every formula is HTML, with MathML for
    # screen readers, and none is a stop in the keyboard's Tab order
    assert page.locator("main .math:not(:has(.katex))").count() == 0
    assert page.locator("main .math .katex").count() == page.locator("main .math .katex-mathml math").count()
    assert page.locator("main .math [tabindex]").count() == 0
    text = page.inner_text("main")
    assert "\\(" not in text and "\\[" not in text and "$$" not in text
    assert "{glue" not in text, "a glue reference was not resolved"
    for img in page.locator("main img").all():  # every figure has alt text
        assert (img.get_attribute("alt") or "").strip(), f"an image without alt text on {path}"
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert visit.outside == []
    assert visit.errors == []
    page.close()


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_every_widget_renders_on_the_books_own_host(server, browser, path):
    visit = Visit(browser, f"{server}/{path}")
    page = visit.page
    views = visit.wait_for_widgets()
    assert page.locator(".mnn-widget").count() == views
    assert page.locator(".mnn-host-error").count() == 0
    for slider in page.locator(".mnn-widget input[type=range]").all():
        assert slider.get_attribute("aria-label")  # every slider is labelled for screen readers
    urls = [r.url for r in visit.responses]
    assert not [u for u in urls if re.search(r"html-manager|embed-amd|require(\.min)?\.js|anywidget", u)]
    machinery = {m: len(gzip.compress(r.body(), 9)) for r in visit.responses for m in MACHINERY if m in r.url}
    assert set(machinery) == set(MACHINERY), f"the page did not load {set(MACHINERY) - set(machinery)}"
    assert sum(machinery.values()) <= MACHINERY_GZ_MAX, f"widget machinery {machinery} (gzipped bytes)"
    assert visit.outside == []
    assert visit.errors == []
    page.close()


def test_a_widget_the_host_cannot_render_says_so(server, browser):
    """A view whose model the page lacks, or whose module fails, shows a note, never a blank."""
    path = WIDGET_PAGES[0]
    html = (HTML / path).read_text()
    model_id = re.search(r'widget-view\+json">\{"model_id": "(\w+)"', html).group(1)
    broken = html.replace(f'"model_id": "{model_id}"', '"model_id": "no-such-model"', 1)
    visit = Visit(browser, f"{server}/{path}", html=broken)
    note = visit.page.locator(".mnn-host-error")
    note.wait_for(timeout=20000)
    assert "could not be shown" in note.inner_text() and "no-such-model" in note.inner_text()
    assert note.is_visible()
    visit.page.close()


def test_the_readers_browser_refuses_other_hosts(server, browser):
    """The Content-Security-Policy, not only this test's network guard, stops outside requests."""
    visit = Visit(browser, f"{server}/{WIDGET_PAGES[0]}")
    refused = visit.page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.blockedURI));
        const img = document.createElement("img");
        img.src = "https://example.com/pixel.png";
        document.body.append(img);
        setTimeout(() => resolve(null), 3000);
    })""")
    assert refused == "https://example.com/pixel.png"
    assert visit.outside == []  # refused by the browser before any request was made
    visit.page.close()


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
    assert visit.outside == [] and visit.errors == []
    page.close()


# ----- the numbers a widget shows are mathnn's ------------------------------------------

def _set(widget, label, value):
    """Move the slider labelled `label` to `value` as a drag does: an input event."""
    slider = widget.locator(f'input[type=range][aria-label="{label}"]')
    slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
                    str(value))
    assert float(slider.input_value()) == value, f"{label} did not take {value}"


def _number(text):
    return float(text.replace("\u2212", "-"))


def _numbers(text):
    return [_number(t) for t in re.findall(r"[\u2212-]?\d+\.\d+", text)]


def _traits(page, *names):
    """The saved traits of the page's one widget that has every trait in `names` (a page
    also saves its answer boxes and other widgets)."""
    state = json.loads(page.locator('script[type="application/vnd.jupyter.widget-state+json"]').text_content())
    found = [m["state"] for m in state["state"].values() if set(names) <= set(m["state"])]
    assert len(found) == 1, f"the page saves {len(found)} widgets with traits {names}"
    return found[0]


def _curve(svg, cls):
    """The points (x, y) of the curve `cls` in the plot `svg`, in data coordinates."""
    d = svg.locator(f"path.{cls}").get_attribute("d")
    pixels = np.array([[float(v) for v in p.split(",")] for p in re.findall(r"[ML]([^ML]+)", d)])
    def axis(name, values):
        (a, b), (pa, pb) = ([float(v) for v in svg.get_attribute(f"data-{name}-{k}").split()]
                            for k in ("domain", "range"))
        return a + (values - pa) * (b - a) / (pb - pa)
    return axis("x", pixels[:, 0]), axis("y", pixels[:, 1])


@pytest.fixture
def widget_page(server, browser):
    visits = []
    def open_page(path):
        visits.append(Visit(browser, f"{server}/{path}"))
        visits[-1].wait_for_widgets()
        return visits[-1].page
    yield open_page
    for visit in visits:
        assert visit.outside == [] and visit.errors == []
        visit.page.close()


def test_neuron_widget_shows_mathnns_output(widget_page):
    page = widget_page("book/01-single-neuron.html")
    widget = page.locator(".mnn-neuron")
    for w, b, x in [(-2.3, 1.7, 2.4), (0.0, -3.0, -1.2), (3.0, 3.0, 3.0), (1.1, -0.4, -2.9)]:
        _set(widget, "weight w", w), _set(widget, "bias b", b), _set(widget, "input x", x)
        shown = _numbers(widget.locator(".mnn-equation").inner_text())[-1]
        assert shown == round(float(nn.neuron(x, w, b)), 2)


def test_layer_widget_shows_mathnns_z(widget_page):
    page = widget_page("book/02-layer.html")
    widget = page.locator(".mnn-layer")
    traits = _traits(page, "W", "b", "x")
    W, b, x = np.array(traits["W"]), np.array(traits["b"])[:, None], np.array(traits["x"])[:, None]
    for (j, k, w), (i, value) in [((0, 1, -1.5), (0, 2.5)), ((2, 0, 3.0), (1, -0.7)), ((1, 1, 0.0), (0, -3.0))]:
        _set(widget, f"weight w{j + 1}{k + 1}, from input x{k + 1} to neuron {j + 1}", w)
        _set(widget, f"input x{i + 1}", value)
        W[j, k], x[i, 0] = w, value
        z = nn.Dense.from_weights(W, b).forward(x)[:, 0]
        shown = [_number(t) for t in widget.locator(".mnn-result td").all_inner_texts()]
        assert shown == [round(float(v), 2) for v in z]


def test_bump_widget_draws_mathnns_network(widget_page):
    page = widget_page("book/04-activations.html")
    widget = page.locator(".mnn-bump")
    values = {"weight w1 of neuron 1": 37, "bias b1 of neuron 1": -12, "output weight v1 of neuron 1": 1.35,
              "weight w2 of neuron 2": -64, "bias b2 of neuron 2": 41, "output weight v2 of neuron 2": -0.6}
    for label, value in values.items():
        _set(widget, label, value)
    hidden = nn.Dense.from_weights([[37.0], [-64.0]], [-12.0, 41.0], "sigmoid")
    network = nn.Network([hidden, nn.Dense.from_weights([[1.35, -0.6]], [0.0])])
    svg = widget.locator("svg.mnn-plot")
    xs, ys = _curve(svg, "mnn-line")
    ylim = [float(v) for v in svg.get_attribute("data-y-domain").split()]
    inside = (ys > ylim[0]) & (ys < ylim[1])  # outside the plot the curve is clipped
    assert inside.sum() > 100
    # points are drawn to 0.01 px, so they are right to half of that, in data units
    y_pixels = np.ptp([float(v) for v in svg.get_attribute("data-y-range").split()])
    tolerance = 0.0051 * (ylim[1] - ylim[0]) / y_pixels
    expected = network.forward(xs[None, inside])[0]
    assert np.max(np.abs(ys[inside] - expected)) < tolerance, f"more than {tolerance:.1e} apart"


def test_descent_widget_shows_mathnns_path(widget_page):
    page = widget_page("book/08-gradient-descent.html")
    widget = page.locator(".mnn-descent")
    traits = _traits(page, "x", "y", "b", "w0", "lr", "tol", "max_steps")
    python = DescentWidget(x=traits["x"], y=traits["y"], b=traits["b"], w0=traits["w0"], lr=traits["lr"],
                           tol=traits["tol"], max_steps=traits["max_steps"])
    assert python.limits == traits["limits"]  # the same sliders as the page's
    (w_lo, w_hi, _), lr_hi = traits["limits"]["w0"], traits["limits"]["lr"][1]
    for lr, w0, steps in [(0.3, w_lo + 0.1, 30), (0.01, w_hi, 45), (0.93, 0.5, 60), (lr_hi, w_lo, 20)]:
        w0 = round(w0, 1)
        _set(widget, "learning rate \u03b7", lr), _set(widget, "start w\u2080", w0), _set(widget, "step limit", steps)
        python.lr, python.w0, python.max_steps = lr, w0, steps
        path = python.path()
        shown = widget.locator(".mnn-equation").inner_text()
        n_steps, w_last, loss_last = re.search(r"After (\d+) steps?: w = (\S+), L\(w\) = (\S+)\.", shown).groups()
        assert int(n_steps) == len(path) - 1
        for text, value, digits in [(w_last, path[-1], 3), (loss_last, python.loss(path[-1]), 4)]:
            if "\u00b710" in text:  # huge numbers: 6.6·10⁷, two significant digits
                mantissa, power = text.replace("\u2212", "-").split("\u00b710")
                power = power.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
                assert float(mantissa) * 10.0 ** int(power) == pytest.approx(value, rel=0.05)
            else:
                assert _number(text) == round(value, digits)


def test_neuron_widget_keeps_slopes_visible_and_shows_the_weight_as_rise_over_run(widget_page):
    page = widget_page("book/01-single-neuron.html")
    widget = page.locator(".mnn-neuron")
    svg = widget.locator("svg.mnn-plot")
    assert svg.get_attribute("data-y-domain") == "-6 6"
    _set(widget, "weight w", -1.3), _set(widget, "bias b", 0.4), _set(widget, "input x", 0.5)
    assert widget.locator(".mnn-triangle-label").all_text_contents()[:2] == ["1", "w = \u22121.30"]
    rise = widget.locator("path.mnn-rise").get_attribute("d")  # from f(x) to f(x + 1): w tall
    (_, y0), (_, y1) = [[float(v) for v in p.split(",")] for p in re.findall(r"[MV]([\d.,]+)", rise.replace("V", "V0,"))[:2]]
    y_pixels = np.ptp([float(v) for v in svg.get_attribute("data-y-range").split()])
    assert abs(abs(y1 - y0) * 12 / y_pixels - 1.3) < 0.01
    _set(widget, "weight w", 3.0), _set(widget, "bias b", 3.0), _set(widget, "input x", 3.0)
    assert "f(x) = 12.00" in widget.locator(".mnn-offscale").text_content()  # off the plot: an arrow says so
    assert "beyond the plot" in svg.get_attribute("aria-label")


def test_layer_widget_lights_up_one_weight_everywhere_and_scales_edges_absolutely(widget_page):
    page = widget_page("book/02-layer.html")
    widget = page.locator(".mnn-layer")
    width = lambda j, k: float(widget.locator(f'line[data-j="{j}"][data-k="{k}"]').get_attribute("stroke-width"))
    w12 = width(0, 1)
    _set(widget, "weight w31, from input x1 to neuron 3", 3.0)  # a bigger weight elsewhere...
    assert width(0, 1) == w12  # ...does not thin this one
    widget.locator('input[aria-label="weight w21, from input x1 to neuron 2"]').focus()
    lit = widget.locator(".mnn-hi")
    assert widget.locator('line[data-j="1"][data-k="0"]').evaluate("e => e.classList.contains('mnn-hi')")
    assert "mnn-hi" in widget.locator('td[data-hi="w10"]').get_attribute("class")
    assert lit.count() >= 4  # the slider, the edge, the matrix entry, the term of z2's sum
    _set(widget, "weight w22, from input x2 to neuron 2", 0.0)
    assert "mnn-zero" in widget.locator('line[data-j="1"][data-k="1"]').get_attribute("class")
    _set(widget, "input x1", 0.0)  # input 1 carries nothing: its edges fade
    assert all("mnn-idle" in widget.locator(f'line[data-j="{j}"][data-k="0"]').get_attribute("class") for j in range(3))
    traits = _traits(page, "W", "b", "x")
    W, b, x = np.array(traits["W"]), np.array(traits["b"])[:, None], np.array(traits["x"])[:, None]
    W[2, 0], W[1, 1], x[0, 0] = 3.0, 0.0, 0.0
    z = nn.Dense.from_weights(W, b).forward(x)[:, 0]
    sums = widget.locator(".mnn-sums li").all_inner_texts()
    assert [_numbers(s)[-1] for s in sums] == [round(float(v), 2) for v in z]  # each sum ends in z_j
    assert widget.locator(".mnn-sr-only[aria-live]").inner_text() == ", ".join(
        f"z{j + 1} = {v:.2f}".replace("-", "\u2212") for j, v in enumerate(z))


# ----- every reader: accessibility rules, a phone, the dark theme ---------------------------

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"  # npm ci in web/ (make does it)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("path", PAGES)
def test_page_breaks_no_accessibility_rule(server, browser, path):
    """axe-core's WCAG 2.1 A and AA rules, none disabled, on the page as a reader gets it,
    in the light theme, and its contrast rule in the dark one (the only rule a theme's colours
    change); then the same page printed (_check_print)."""
    _need("axe-core", AXE.exists(), "run `npm ci` in web/ (make test does)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})  # to add axe
    page = context.new_page()
    page.goto(f"{server}/{path}", wait_until="load")
    _wait_for_widgets(page)
    page.evaluate(AXE.read_text())
    # every rule in the light theme; in the dark one, the rule a theme can change: contrast
    for theme, only in (("light", {"type": "tag", "values": WCAG}), ("dark", {"type": "rule", "values": ["color-contrast"]})):
        _set_theme(page, theme)
        violations = page.evaluate("""async (only) => (await axe.run(document, {runOnly: only, resultTypes: ["violations"]}))
            .violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0].target.join(" ")})`)""", only)
        assert violations == [], f"{theme} theme"
    _check_print(page, path)
    context.close()


def _set_theme(page, theme):
    """Switch the theme and wait for its colour transitions to end (a colour read mid-way is
    neither theme's)."""
    page.evaluate("""async (theme) => {
        document.documentElement.dataset.theme = theme;
        await new Promise(requestAnimationFrame);
        await Promise.all(document.getAnimations().map((a) => a.finished));
    }""", theme)


def _check_print(page, path):
    """Printed (print media, A4's width at 96 dpi less margins): no code or output is
    clipped, they wrap; a widget, a figure or a formula is never split across pages."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})
    clipped = page.evaluate("""() => [...document.querySelectorAll("main pre, main .cell_output, main .output")]
        .filter((e) => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.textContent.trim().slice(0, 40))""")
    assert clipped == [], f"printing {path} clips {len(clipped)} blocks: {clipped[:5]}"
    split = page.evaluate("""() => [...document.querySelectorAll("main .mnn-widget, main figure, main .cell_output img, main div.math")]
        .filter((e) => getComputedStyle(e).breakInside !== "avoid").length""")
    assert split == 0, f"{split} widgets, figures or formulas on {path} may be split across printed pages"
    assert page.evaluate("document.documentElement.scrollWidth") <= 680


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone(server, browser, path):
    """At 390 px no page scrolls sideways; each widget fits inside it and every visible word
    in a widget is at least 11 px on the phone's screen, a drawing's text too, after its SVG
    is scaled down to fit."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/{path}", wait_until="load")
    _wait_for_widgets(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for widget in page.locator(".mnn-widget").all():
        box = widget.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"a widget on {path} is wider than the phone"
        assert widget.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    small = page.evaluate("""() => [...document.querySelectorAll(".mnn-widget *")]
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
        .map((e) => {
            const svg = e.ownerSVGElement, size = parseFloat(getComputedStyle(e).fontSize);
            const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
            return [e.textContent.trim().slice(0, 20), Math.round(size * scale * 10) / 10];
        }).filter(([, px]) => px < 10.95)""")
    assert small == [], f"text under 11 px on a phone on {path}: {small[:8]}"
    page.close()


# Each drawn mark of a widget (a line, a curve, a dot, an arrow) against the background
# it is drawn on: at least 3:1 (WCAG 1.4.11, non-text contrast), and each word of a
# drawing at least 4.5:1 (1.4.3; axe-core checks the HTML text, not text inside an SVG).
# Grid lines are decoration, and a heat map's or a digit's cells are data shaded on purpose
# ("mnn-grid", "mnn-cell" classes): left out.
CONTRAST = """() => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number).concat(m.length === 3 ? [1] : []) : null; };
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.99) return c;
    }
    return rgba(getComputedStyle(document.body).backgroundColor) || [255, 255, 255, 1];
  };
  const over = (c, bg) => c.slice(0, 3).map((v, i) => v * c[3] + bg[i] * (1 - c[3]));
  const failures = [];
  for (const el of document.querySelectorAll(".mnn-widget svg :is(line, path, circle, ellipse, rect, polygon, polyline, text, tspan)")) {
    if (!el.getClientRects().length || el.closest(".mnn-grid, .mnn-cell, [data-decorative]")) continue;
    const cls = el.getAttribute("class") || "";
    if (/grid|cell|heat|pixel/.test(cls) || el.tagName === "image" || el.tagName === "clipPath" || el.closest("clipPath")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || Number(style.opacity) < 0.99) continue;
    const text = el.tagName === "text" || el.tagName === "tspan";
    let bg = background(el.ownerSVGElement);
    if (text) {  // a label on a filled shape (a node's circle) is read against that shape
      const box = el.getBoundingClientRect(), x = box.x + box.width / 2, y = box.y + box.height / 2;
      for (const shape of el.ownerSVGElement.querySelectorAll("circle, rect, ellipse, path, polygon")) {
        const r = shape.getBoundingClientRect(), fill = rgba(getComputedStyle(shape).fill);
        if (fill && fill[3] > 0.99 && x > r.left && x < r.right && y > r.top && y < r.bottom &&
            (shape.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) bg = fill;
      }
    }
    // a mark shows by its fill or its outline (a white ring round a blue dot is fine):
    // the better of the two must reach the ratio
    const props = text ? ["fill"] : ["line", "polyline"].includes(el.tagName) ? ["stroke"] : ["stroke", "fill"];
    const seen = props.map((prop) => [prop, rgba(style[prop])])
      .filter(([prop, c]) => c && c[3] > 0 && !(prop === "stroke" && parseFloat(style.strokeWidth) === 0));
    if (!seen.length) continue;
    const need = text ? 4.5 : 3;
    const best = Math.max(...seen.map(([, c]) => ratio(over(c, bg), bg)));
    if (best < need - 0.005) failures.push(`${el.tagName}.${cls.split(" ")[0] || "-"} ${seen.map(([p]) => `${p} ${style[p]}`).join(", ")} ${best.toFixed(2)}:1 < ${need}`);
  }
  return [...new Set(failures)];
}"""


@pytest.mark.parametrize("path", sorted({p for p, _, _ in DRAGS} | {"book/10-digits.html"}))
def test_widget_marks_stand_out_in_both_themes(server, browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{server}/{path}", wait_until="load")
    _wait_for_widgets(page)
    for theme in ("light", "dark"):
        _set_theme(page, theme)
        assert page.evaluate(CONTRAST) == [], f"{theme} theme on {path}"
    page.close()
