"""Chapter 11's playground on the built page: set by mouse and keyboard, trained, read back,
and compared with mathnn in Python.

The page computes with mathnn.js and draws its random numbers from mnn.TwinRandom, so its
data are mathnn's data, its losses after N epochs are PlaygroundWidget.run()'s to 1e-9, and
its "Copy as Python" text is PlaygroundWidget.code(), which, executed, prints the same
losses. A learning rate that blows up is explained, with no "NaN" anywhere. The first
playground keeps its setting in the address. The training speed is measured and printed
(run with -s to see it); only counts are asserted, never times.
"""
import contextlib
import io
import json
import re
import time
from urllib.parse import urlparse

import numpy as np
import pytest

from mathnn.widgets.playground import LEARNING_RATES, PlaygroundWidget
from test_browser import Visit, _drag, _set, _state, browser, server, widget_page  # noqa: F401
from test_jupyterlab import lab  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = "book/11-playground.html"
EXACT = re.compile(r"epoch (\d+): train loss (\S+), test loss (\S+)")


def _until(page, condition, timeout=60):
    """Evaluate `condition` (a function) in the page until it is true (page.wait_for_function
    polls with eval, which the book's Content-Security-Policy refuses)."""
    end = time.monotonic() + timeout
    while not page.evaluate(condition):
        assert time.monotonic() < end, f"timed out after {timeout} s waiting for {condition}"
        page.wait_for_timeout(50)


# The first playground's traits as the chapter saved them (the page's views in order).
FIRST_SAVED = """() => {
  const state = JSON.parse(document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]').textContent).state;
  return [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
    .map((view) => state[JSON.parse(view.textContent).model_id].state).find((t) => "dataset" in t && "hidden" in t);
}"""


def _playground(page, index=0):
    widget = page.locator(".mnn-playground").nth(index)
    widget.wait_for(timeout=20000)
    widget.scroll_into_view_if_needed()
    _until(page, f"() => document.querySelectorAll('.mnn-playground')[{index}].dataset.state !== 'running'")
    return widget


def _settings(widget):
    """The settings the page's controls show, as PlaygroundWidget's arguments."""
    number = lambda label: float(widget.locator(f'input[type=range][aria-label="{label}"]').input_value())
    checked = widget.locator("input[type=radio]:checked").evaluate_all("rs => rs.map((r) => r.value)")
    select = lambda label: widget.locator(f'select[aria-label="{label}"]').input_value()
    layers = int(number("number of hidden layers"))
    batch = select("batch size")
    dataset = next(v for v in checked if v in ("moons", "circles", "xor", "spirals"))
    loss = next(v for v in checked if v in ("binary_cross_entropy", "mean_squared_error"))
    return {"dataset": dataset, "noise": number("noise"), "points": int(number("number of points")),
            "seed": int(number("seed of the random generator")),
            "hidden": [int(number(f"neurons in hidden layer {l + 1}")) for l in range(layers)],
            "activation": select("activation"), "loss": loss, "lr": float(select("learning rate")),
            "batch_size": None if batch == "all" else int(batch)}


def _exact(widget):
    """(epoch, train loss, test loss) as the page prints them, twelve significant digits."""
    epoch, train, test = EXACT.fullmatch(widget.locator(".mnn-pg-exact").inner_text().strip()).groups()
    return int(epoch), float(train), float(test)


def _python(widget):
    """The page's settings and epoch, trained by mathnn in Python."""
    epoch = _exact(widget)[0]
    return PlaygroundWidget(**_settings(widget), epochs=epoch).run()


def _same_losses(widget):
    epoch, train, test = _exact(widget)
    run = _python(widget)
    assert run.epochs == epoch
    # the page prints 12 significant digits; the two sides agree to 1e-9 (last digits may drift)
    assert train == pytest.approx(run.train[-1], rel=1e-9, abs=1e-12)
    assert test == pytest.approx(run.test[-1], rel=1e-9, abs=1e-12)
    return run


def _step(widget, n):
    button = widget.locator("button.mnn-pg-step")
    for _ in range(n):
        button.click()


def _no_nan(widget):
    html = widget.evaluate("el => el.outerHTML")
    assert "NaN" not in html and "Infinity" not in html, "a number that is not a number reached the page"


def _printed(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    return EXACT.fullmatch(out.getvalue().strip()).groups()


def test_the_page_trains_to_pythons_numbers(widget_page):
    page = widget_page(PAGE)
    assert page.locator(".mnn-playground").count() == 4
    widget = _playground(page)
    epochs = page.evaluate(FIRST_SAVED)["epochs"]
    assert epochs > 0 and _exact(widget)[0] == epochs  # the chapter's playground, trained as the page loaded
    run = _same_losses(widget)
    # the points drawn are mathnn's data, exactly: filled for training, hollow for testing
    for kind, X, Y in (("train", run.X_train, run.Y_train), ("test", run.X_test, run.Y_test)):
        drawn = widget.locator(f".mnn-pg-point.mnn-pg-{kind}").evaluate_all(
            "ps => ps.map((p) => [+p.dataset.x, +p.dataset.y, +p.dataset.label])")
        assert np.array_equal(np.array(drawn).T, np.vstack([X, Y]))
    assert f"Epoch {epochs}: train loss" in widget.locator(".mnn-pg-status").inner_text()
    assert widget.locator(".mnn-pg-status").get_attribute("aria-live") == "polite"

    # another setting, by mouse and by keyboard
    widget.locator("label", has_text="circles").click()  # mouse: a data set
    assert _exact(widget)[0] == 0
    layers = widget.locator('input[type=range][aria-label="number of hidden layers"]')
    layers.focus()
    page.keyboard.press("ArrowLeft")  # keyboard: one hidden layer
    _drag(page, widget.locator('input[type=range][aria-label="neurons in hidden layer 1"]'), 0.99)  # mouse: 8 neurons
    widget.locator("select[aria-label='activation']").select_option("relu")
    widget.locator("input[type=radio][value=binary_cross_entropy]").focus()
    page.keyboard.press("ArrowRight")  # keyboard: mean squared error
    widget.locator("select[aria-label='learning rate']").focus()
    page.keyboard.press("ArrowDown")  # keyboard: the next learning rate up
    _set(widget, "noise", 0.25)
    settings = _settings(widget)
    assert settings == {"dataset": "circles", "noise": 0.25, "points": 250, "seed": 1, "hidden": [8],
                        "activation": "relu", "loss": "mean_squared_error", "batch_size": 10,
                        "lr": LEARNING_RATES[LEARNING_RATES.index(page.evaluate(FIRST_SAVED)["lr"]) + 1]}
    assert _exact(widget)[0] == 0
    _same_losses(widget)
    _step(widget, 7)
    assert _exact(widget)[0] == 7
    _same_losses(widget)
    assert widget.locator(".mnn-pg-status").inner_text().startswith("Epoch 7: train loss")
    _no_nan(widget)


def test_copy_as_python_is_mathnn_code_that_prints_the_pages_losses(widget_page):
    page = widget_page(PAGE)
    widget = _playground(page)
    widget.locator("select[aria-label='batch size']").select_option("all")
    _step(widget, 12)
    widget.locator("button.mnn-pg-python").click()
    code = widget.locator("pre.mnn-pg-code")
    assert code.is_visible()
    text = code.inner_text()
    assert text == PlaygroundWidget(**_settings(widget), epochs=12).code()
    epoch, train, test = _printed(text)
    shown = _exact(widget)
    assert int(epoch) == shown[0] == 12
    assert float(train) == pytest.approx(shown[1], rel=1e-9) and float(test) == pytest.approx(shown[2], rel=1e-9)
    assert "copied" in widget.locator(".mnn-pg-copied").inner_text() or "Select the" in widget.locator(".mnn-pg-copied").inner_text()
    _step(widget, 3)  # the code follows the page
    assert "epochs=15," in code.inner_text()


def test_a_learning_rate_that_blows_up_is_caught_and_explained(widget_page):
    page = widget_page(PAGE)
    widget = _playground(page, 2)  # experiment 2's playground: no activation, full batch
    assert _settings(widget)["activation"] == "identity"
    widget.locator("select[aria-label='learning rate']").select_option("3")
    python = PlaygroundWidget(**_settings(widget), epochs=100).run()
    assert python.blew_up
    widget.locator("button.mnn-pg-run").click()
    _until(page, "() => document.querySelectorAll('.mnn-playground')[2].dataset.state === 'blown'")
    status = widget.locator(".mnn-pg-status").inner_text()
    assert f"The loss blew up at epoch {python.blew_up} with learning rate 3" in status
    assert "overshot" in status and "Lower the learning rate" in status
    assert widget.locator("button.mnn-pg-run").is_disabled() and widget.locator("button.mnn-pg-step").is_disabled()
    epoch, train, test = _exact(widget)  # the last good epoch stays on the screen
    assert epoch == python.epochs == python.blew_up - 1
    assert train == pytest.approx(python.train[-1], rel=1e-9) and test == pytest.approx(python.test[-1], rel=1e-9)
    _no_nan(widget)
    widget.locator("button.mnn-pg-reset").click()
    assert _exact(widget)[0] == 0 and widget.locator("button.mnn-pg-run").is_enabled()
    assert widget.evaluate("el => el.dataset.state") == "paused"


def test_the_address_keeps_the_first_playgrounds_setting(server, browser):
    visit = Visit(browser, f"{server}/{PAGE}")
    page = visit.page
    widget = _playground(page)
    _set(widget, "seed of the random generator", 7)
    widget.locator("label", has_text="XOR").click()
    _step(widget, 3)
    hash_ = page.evaluate("location.hash")
    assert hash_.startswith("#playground:") and "dataset=xor" in hash_ and "seed=7" in hash_ and "epochs=3" in hash_
    shown = _exact(widget)
    other = _playground(page, 1)
    _step(other, 1)  # a later playground does not touch the address
    assert page.evaluate("location.hash") == hash_
    widget.locator("button.mnn-pg-copylink").click()
    assert widget.locator("input.mnn-pg-link").input_value().endswith(hash_)
    assert other.locator("button.mnn-pg-copylink").count() == 0
    assert visit.errors == [] and visit.outside == []
    page.close()

    shared = Visit(browser, f"{server}/{PAGE}{hash_}")  # the link, opened again
    widget = _playground(shared.page)
    settings = _settings(widget)
    assert settings["dataset"] == "xor" and settings["seed"] == 7
    assert _exact(widget) == shown
    assert shared.errors == [] and shared.outside == []
    shared.page.close()


def test_sliders_redraw_by_mouse_and_keys(widget_page):
    page = widget_page(PAGE)
    widget = _playground(page)
    noise = widget.locator('input[type=range][aria-label="noise"]')
    before = _state(widget)
    _drag(page, noise, 0.8)
    after_mouse = _state(widget)
    assert after_mouse[0] != before[0] and after_mouse[2] != before[2]
    noise.focus()
    for _ in range(2):
        page.keyboard.press("ArrowLeft")
    assert _state(widget)[0] != after_mouse[0]
    for control in widget.locator("input, select").all():
        assert control.get_attribute("aria-label") or control.get_attribute("type") == "radio"
    _no_nan(widget)


def test_training_speed(widget_page):
    """2-8-8-1 on 200 training points, full batch: steps per second and frames per second.

    Counts are asserted (each frame trains one epoch or more and redraws), times only
    printed: they depend on the machine and what else runs on it.
    """
    page = widget_page(PAGE)
    widget = _playground(page)
    widget.locator("select[aria-label='batch size']").select_option("all")
    neurons = widget.locator('input[type=range][aria-label="neurons in hidden layer 1"]')
    for l in (1, 2):
        _set(widget, f"neurons in hidden layer {l}", 8)
    settings = _settings(widget)
    assert settings["hidden"] == [8, 8] and settings["batch_size"] is None and settings["points"] == 250
    assert neurons.input_value() == "8"
    out = page.evaluate("""(seconds) => new Promise((resolve) => {
      const root = document.querySelector('.mnn-playground');
      const epoch = () => Number(root.querySelector('.mnn-pg-epoch').textContent.split(' ')[1]);
      let rafs = 0;
      const f0 = Number(root.dataset.frames || 0), e0 = epoch();
      root.querySelector('.mnn-pg-run').click();
      const t0 = performance.now();
      const count = () => { rafs++; if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(count); };
      requestAnimationFrame(count);
      setTimeout(() => {
        const t = (performance.now() - t0) / 1000, epochs = epoch() - e0, frames = Number(root.dataset.frames) - f0;
        root.querySelector('.mnn-pg-run').click();
        resolve({ seconds: t, epochs, frames, rafs, steps_per_second: epochs / t, frames_per_second: frames / t });
      }, seconds * 1000);
    })""", 4)
    print(f"\nplayground speed, 2-8-8-1 on 200 training points, full batch: {json.dumps(out)}")
    assert out["frames"] > 0 and out["epochs"] >= out["frames"]  # every frame trains at least one epoch
    assert out["frames"] <= out["rafs"] + 1  # and draws at most once per animation frame
    assert widget.evaluate("el => el.dataset.state") == "paused"
    # (no comparison with Python here: after a thousand or more full-batch epochs at this
    # rate the training turns unsteady, and a difference in the last digit of a sum, numpy's
    # order against the page's, can grow until it shows; tests above compare shorter runs)


def test_in_jupyterlab_python_follows_the_page_and_the_page_follows_python(lab, browser):
    """In a real JupyterLab the page trains, Python learns the epoch, and a setting made in
    Python retrains the page to the same numbers. (The module's one browser, not
    test_jupyterlab's lab_page: a second Playwright cannot run beside the first.)"""
    from test_jupyterlab import PANEL, Chapter
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = []
    page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname == "127.0.0.1"
               or route.request.url.startswith(("data:", "blob:")) else (outside.append(route.request.url), route.abort()))
    page.goto(f"{base}/lab?reset&token={token}")
    page.wait_for_selector(".jp-DirListing-item", timeout=60000)
    chapter = Chapter(page, "11-playground.ipynb")  # a playground of its own at the chapter's end
    chapter.run_new_cell("from mathnn.widgets.playground import PlaygroundWidget; "
                         "playground = PlaygroundWidget(dataset='xor', hidden=[4], epochs=30); playground")
    saved = json.loads(chapter.run_new_cell("import json; print(json.dumps({**playground.settings, 'epochs': playground.epochs}))"))
    n = saved.pop("epochs")
    first = f"[...document.querySelectorAll('{PANEL} .mnn-playground')].at(-1)"
    done = lambda epoch: (f"() => {{ const w = {first}; return !!w && w.dataset.state === 'paused' && "
                          f"/^epoch {epoch}:/.test(w.querySelector('.mnn-pg-exact').textContent); }}")
    chapter.wait_until(done(n), 60)
    widget = chapter.locator(".mnn-playground").last
    widget.scroll_into_view_if_needed()
    widget.locator("button.mnn-pg-step").click()
    chapter.wait_until(done(n + 1), 30)
    assert chapter.run_new_cell("print(playground.epochs)").strip() == str(n + 1)
    chapter.run_new_cell("playground.lr = 0.1")
    chapter.wait_until(f"() => {first}.querySelector('select[aria-label=\"learning rate\"]').value === '0.1'", 30)
    chapter.wait_until(done(n + 1), 60)
    assert "#playground" not in chapter.page.evaluate("location.href")  # the address is the book page's alone
    run = PlaygroundWidget(**{**saved, "lr": 0.1}, epochs=n + 1).run()
    epoch, train, test = _exact(widget)
    assert epoch == n + 1 and train == pytest.approx(run.train[-1], rel=1e-9) and test == pytest.approx(run.test[-1], rel=1e-9)
    printed = chapter.run_new_cell("print(playground.run())")
    assert f"train loss {run.train[-1]:.12g}"[:20] in printed
    chapter.close()
    assert outside == []
    page.close()
