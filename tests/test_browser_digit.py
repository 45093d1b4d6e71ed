"""The digit widget on the built page of chapter 10: drawn on with the mouse and the keyboard,
it shows the counts Python computes for the same drawing and the probabilities mathnn's
forward pass gives for them.

Needs the built book (MATHNN_HTML points at another build) and Debian's chromium.
"""
import json
import re
import statistics

import numpy as np
import pytest

import mathnn as nn
from mathnn.widgets.digit import block_counts, stand_in
from test_browser import AXE, WCAG, Visit, _need, _number, _set_theme, browser, server, widget_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGE = "book/10-digits.html"


def _saved(page):
    """The digit widget's traits as saved in the page."""
    state = json.loads(page.locator('script[type="application/vnd.jupyter.widget-state+json"]').text_content())
    found = [m["state"] for m in state["state"].values() if "drawing" in m["state"] and "W1" in m["state"]]
    assert len(found) == 1
    return found[0]


def _network(traits):
    return nn.Network([nn.Dense.from_weights(traits["W1"], traits["b1"], "relu"),
                       nn.Dense.from_weights(traits["W2"], traits["b2"], "softmax")])


def _shown(widget):
    """What the widget shows: its drawing (read back from the grid), counts, probabilities."""
    drawing = np.array([int(v) for v in widget.locator(".mnn-digit-pad").get_attribute("data-drawing")])
    counts = np.array([int(t) for t in widget.locator(".mnn-digit-counts td").all_inner_texts()]).reshape(8, 8)
    probabilities = np.array([_number(t) for t in widget.locator(".mnn-digit-p").all_inner_texts()])
    return drawing, counts, probabilities, widget.locator(".mnn-digit-status").inner_text()


def _check(widget, network):
    """The counts are Python's for the page's drawing, the probabilities mathnn's for them
    (to the two decimals shown), and the sentence names the most probable digit."""
    drawing, counts, shown, status = _shown(widget)
    assert drawing.shape == (1024,) and set(np.unique(drawing)) <= {0, 1}
    assert np.array_equal(counts, block_counts(drawing))
    expected = network.forward(counts.reshape(64, 1) / 16)[:, 0]
    assert shown.shape == (10,) and np.abs(shown - expected).max() <= 0.005 + 1e-9
    top = int(np.argmax(expected))
    assert f"reads {'an' if top == 8 else 'a'} {top}, with probability {expected[top]:.2f}." in status
    heights = widget.locator(".mnn-digit-bar").evaluate_all("bars => bars.slice(0, 10).map((b) => b.style.height)")
    assert [float(h.rstrip("%")) for h in heights] == pytest.approx(100 * expected, rel=1e-4, abs=1e-4)  # CSS keeps ~6 digits
    text = widget.inner_text()
    assert "NaN" not in text and "undefined" not in text and "Infinity" not in text
    return drawing, counts, status


def _stroke(page, widget, points):
    """A mouse stroke through `points`, given as fractions (x, y) of the grid."""
    grid = widget.locator("svg.mnn-digit-grid")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    at = lambda p: (box["x"] + box["width"] * p[0], box["y"] + box["height"] * p[1])
    page.mouse.move(*at(points[0]))
    page.mouse.down()
    for p in points[1:]:
        page.mouse.move(*at(p), steps=10)
    page.mouse.up()


def test_it_starts_with_a_real_test_image_read_as_mathnn_reads_it(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-digit")
    traits = _saved(page)
    drawing, counts, status = _check(widget, _network(traits))
    k = traits["test_shown"]
    assert k == 0 and drawing.tolist() == stand_in(traits["tests"][k]).reshape(-1).tolist()
    assert counts.reshape(64).tolist() == traits["tests"][k]
    label, column = traits["test_labels"][k], traits["test_columns"][k]
    assert status.startswith(f"Test image {column}, a {label}: the network reads")
    assert f"Test image {column} of the chapter's test set" in widget.locator(".mnn-digit-source").inner_text()
    assert widget.locator(".mnn-digit-bars").get_attribute("role") == "img"
    assert "probability for each digit: 0: " in widget.locator(".mnn-digit-bars").get_attribute("aria-label")


def test_drawing_with_the_mouse(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-digit")
    network = _network(_saved(page))
    widget.get_by_role("button", name="Clear").click()
    drawing, counts, status = _check(widget, network)
    assert drawing.sum() == 0 and status.startswith("The grid is empty, yet the network reads")

    _stroke(page, widget, [(0.2, 0.5), (0.8, 0.5)])  # a horizontal bar across the middle
    drawing, _, status = _check(widget, network)
    grid = drawing.reshape(32, 32)
    assert grid[15:18, 8:24].all(), "the stroke is not three pixels wide where the mouse went"
    assert grid[:14].sum() == 0 and grid[19:].sum() == 0 and status.startswith("The network reads")

    _stroke(page, widget, [(0.25, 0.12), (0.75, 0.12), (0.45, 0.9)])  # a 7, without a crossbar
    seven = _check(widget, network)[0]
    assert seven.sum() > drawing.sum()

    widget.get_by_role("button", name="Eraser").click()  # the eraser takes the bar away again
    assert widget.get_by_role("button", name="Eraser").get_attribute("aria-pressed") == "true"
    _stroke(page, widget, [(0.05, 0.5), (0.95, 0.5)])
    erased = _check(widget, network)[0].reshape(32, 32)
    assert erased[15:18].sum() == 0 and erased.sum() < seven.sum()


def test_drawing_with_the_keyboard(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-digit")
    network = _network(_saved(page))
    widget.get_by_role("button", name="Clear").click()
    pad = widget.locator(".mnn-digit-pad")
    assert pad.get_attribute("tabindex") == "0" and "Drawing grid" in pad.get_attribute("aria-label")
    help_text = page.locator(f'#{pad.get_attribute("aria-describedby")}').inner_text()
    for words in ("arrow keys", "Space or Enter", "Shift", "Delete or"):
        assert words in help_text
    pad.focus()
    assert widget.locator(".mnn-digit-cursor").is_visible()  # the cursor shows while the grid has focus
    page.keyboard.press("Space")  # ink under the cursor, at row 16, column 16: the 3 x 3 brush
    grid = _check(widget, network)[0].reshape(32, 32)
    assert grid.sum() == 9 and grid[15:18, 15:18].all()
    for _ in range(6):
        page.keyboard.press("ArrowUp")  # moves, inks nothing
    assert _check(widget, network)[0].sum() == 9
    for _ in range(8):
        page.keyboard.press("Shift+ArrowRight")  # draws as it moves
    grid = _check(widget, network)[0].reshape(32, 32)
    assert grid[9:12, 16:26].all() and grid.sum() == 9 + 3 * 10
    page.keyboard.press("Enter")
    page.keyboard.press("Delete")  # erases under the cursor
    grid = _check(widget, network)[0].reshape(32, 32)
    assert grid[9:12, 23:26].sum() == 0 and grid.sum() == 9 + 3 * 7
    assert "row 11, column 25" in widget.locator(".mnn-sr-only[aria-live]").inner_text()
    assert widget.locator(".mnn-digit-counts td.mnn-digit-here").count() == 1  # the cursor's block


def test_show_me_a_test_digit_shows_each_stored_test_image_as_python_reads_it(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-digit")
    traits = _saved(page)
    network = _network(traits)
    tests, labels, columns = traits["tests"], traits["test_labels"], traits["test_columns"]
    button = widget.get_by_role("button", name="Show me a test digit")
    misread = 0
    for i in range(1, len(tests) + 2):  # each in turn, and round again to the first
        k = i % len(tests)
        button.click()
        drawing, counts, status = _check(widget, network)
        assert drawing.tolist() == stand_in(tests[k]).reshape(-1).tolist()
        assert counts.reshape(64).tolist() == tests[k]
        assert status.startswith(f"Test image {columns[k]}, {'an' if labels[k] == 8 else 'a'} {labels[k]}:")
        answer = int(np.argmax(network.forward(np.array(tests[k])[:, None] / 16)))
        marked = widget.locator(".mnn-digit-true .mnn-digit-d").all_inner_texts()
        assert marked == ([] if answer == labels[k] else [str(labels[k])])
        assert widget.locator(".mnn-digit-top .mnn-digit-d").all_inner_texts() == [str(answer)]
        misread += answer != labels[k]
    assert misread > 0  # the chapter's misread test images are among them


def test_it_fits_a_phone_and_reads_in_the_dark(server, browser):  # noqa: F811
    for width, theme in [(390, "light"), (390, "dark"), (1280, "dark")]:
        visit = Visit(browser, f"{server}/{PAGE}")
        page = visit.page
        page.set_viewport_size({"width": width, "height": 900})
        if theme == "dark":
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
        widget = page.locator(".mnn-digit")
        widget.wait_for(timeout=20000)
        box = widget.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert widget.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        sizes = widget.evaluate("el => [...el.querySelectorAll('*')].filter((e) => e.childNodes.length && "
                                "[...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))"
                                ".map((e) => parseFloat(getComputedStyle(e).fontSize))")
        assert min(sizes) >= 11
        ink, paper = widget.evaluate("""el => [getComputedStyle(el.querySelector('.mnn-digit-ink')).fill,
                                               getComputedStyle(document.body).backgroundColor]""")
        assert ink != paper
        assert visit.errors == [] and visit.outside == []
        page.close()


def _times(page, n):
    """The n timings the page has recorded (the page's CSP forbids wait_for_function's eval)."""
    for _ in range(100):
        if page.evaluate("window.mnnTimes.length") >= n:
            page.wait_for_timeout(100)  # a second redraw of the same stroke would show now
            times = page.evaluate("window.mnnTimes.splice(0)")
            assert len(times) == n, f"{len(times)} redraws for {n} strokes"
            return times
        page.wait_for_timeout(50)
    raise AssertionError(f"only {page.evaluate('window.mnnTimes.length')} of {n} strokes redrew")


def test_no_accessibility_rule_broken_while_drawing(server, browser):  # noqa: F811
    """axe-core's WCAG 2.1 A and AA rules on the widget as a reader leaves it: the grid
    focused, the eraser on, a test image the network misreads shown; both themes."""
    _need("axe-core", AXE.exists(), "run `npm ci` in web/ (make test does)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/{PAGE}", wait_until="load")
    widget = page.locator(".mnn-digit")
    widget.wait_for(timeout=20000)
    traits = _saved(page)
    network = _network(traits)
    misread = next(k for k, t in enumerate(traits["tests"])
                   if np.argmax(network.forward(np.array(t)[:, None] / 16)) != traits["test_labels"][k])
    for _ in range(misread):
        widget.get_by_role("button", name="Show me a test digit").click()
    assert widget.locator(".mnn-digit-col.mnn-digit-true").count() == 1
    widget.get_by_role("button", name="Eraser").click()
    widget.locator(".mnn-digit-pad").focus()
    page.keyboard.press("ArrowLeft")
    page.evaluate(AXE.read_text())
    for theme in ("light", "dark"):
        _set_theme(page, theme)
        violations = page.evaluate("""async (tags) => (await axe.run(".mnn-digit", {runOnly: {type: "tag", values: tags}}))
            .violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0].target.join(" ")})`)""", WCAG)
        assert violations == [], f"{theme} theme"
    context.close()


def _rgba(css):
    """An rgb()/rgba()/color(srgb ...) computed colour as [r, g, b, alpha], r, g, b in 0..255."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    if css.startswith("color(srgb"):
        values = [255 * v for v in values[:3]] + values[3:]
    return (values + [1.0])[:4]


def _contrast(text, background, page):
    """WCAG contrast of a (possibly translucent) text colour on a translucent background."""
    over = lambda fg, bg: [fg[i] * fg[3] + bg[i] * (1 - fg[3]) for i in range(3)]
    bg = over(background, page)
    fg = over(text, bg)
    def luminance(rgb):
        c = np.array(rgb) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_count_is_readable_on_its_grey_in_both_themes(widget_page):
    page = widget_page(PAGE)
    widget = page.locator(".mnn-digit")
    button = widget.get_by_role("button", name="Show me a test digit")
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        paper = _rgba(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        worst, grey = {}, {}
        for _ in range(len(_saved(page)["tests"])):
            button.click()
            cells = widget.locator(".mnn-digit-counts td").evaluate_all(
                "tds => tds.map((td) => [td.innerText, getComputedStyle(td).backgroundColor, "
                "getComputedStyle(td.firstChild).color])")
            for count, background, text in cells:
                ratio = _contrast(_rgba(text), _rgba(background), paper)
                worst[int(count)] = min(worst.get(int(count), ratio), ratio)
                grey[int(count)] = _contrast(_rgba(background), [0, 0, 0, 0], paper)
        assert set(worst) == set(range(17)), "the stored test images do not show every count"
        assert min(worst.values()) >= 4.5, f"{theme}: {worst}"
        # and the grey stands out more from the paper the larger the count
        assert all(grey[a] < grey[b] for a, b in zip(range(16), range(1, 17)))


def test_a_stroke_redraws_within_a_frame(widget_page):
    """Every stroke's end (pointer up, or a key press) redraws the probabilities once: the
    counts are asserted. The time to the DOM update and to the next frame, measured in the
    page with performance.now(), is printed (medians over 10 strokes of each kind), not
    asserted: it depends on the machine and on what else runs on it."""
    page = widget_page(PAGE)
    widget = page.locator(".mnn-digit")
    widget.get_by_role("button", name="Clear").click()
    page.evaluate("""() => {
        window.mnnTimes = [];
        let start = null;
        const mark = () => { start = performance.now(); };
        document.addEventListener("pointerup", mark, { capture: true });
        document.addEventListener("keydown", mark, { capture: true });
        const status = document.querySelector(".mnn-digit .mnn-digit-status");
        new MutationObserver(() => {
            if (start === null) return;
            const t0 = start, updated = performance.now();
            start = null;
            requestAnimationFrame(() => setTimeout(() => window.mnnTimes.push([updated - t0, performance.now() - t0]), 0));
        }).observe(status, { childList: true, characterData: true, subtree: true });
    }""")
    rng = np.random.default_rng(0)
    for _ in range(10):
        (x0, y0), (x1, y1) = rng.uniform(0.1, 0.9, (2, 2))
        _stroke(page, widget, [(x0, y0), (x1, y1)])
    mouse = _times(page, 10)
    widget.locator(".mnn-digit-pad").focus()
    for i in range(10):
        page.keyboard.press("Shift+ArrowRight" if (i // 5) % 2 == 0 else "Shift+ArrowDown")
    keys = _times(page, 10)
    medians = {name: [statistics.median(t[i] for t in times) for i in (0, 1)]
               for name, times in (("pointer up", mouse), ("key press", keys))}
    for name, (updated, painted) in medians.items():
        print(f"\n{name}: median {updated:.2f} ms to the updated probabilities, {painted:.2f} ms to the next frame "
              f"(10 strokes)")
    _check(widget, _network(_saved(page)))
