"""The chapters in a real JupyterLab: they run, read as the page does, and the sliders work.

Starts JupyterLab (127.0.0.1, a free port, a token, jupyterlab-myst as installed by
requirements.txt) on a temporary copy of book/, opens every chapter in chromium, runs all
its cells and checks what a reader sees there: no error, every widget drawn, no raw MyST
markup, every number of the prose shown, every solution folded until clicked. In chapter 1
it then drags a slider with the mouse and with the arrow keys, reads the value back in
Python from a new cell, and sets it from Python. It stops every process it started.

The time Run All takes for each chapter is written to _build/jupyterlab-run-all.json.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from mathnn.book import stored_values
from test_browser import ARGS, CHROMIUM, _need

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHAPTERS = sorted(p.name for p in (ROOT / "book").glob("*.ipynb"))
RAW = ("{glue", ":::{", "```{", ":pyobject:", "{eval}", "{ref}", "{note}")
TIMINGS = ROOT / "_build" / "jupyterlab-run-all.json"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of book/; yields its base URL and token."""
    _need("JupyterLab", (BIN / "jupyter-lab").exists(), "install requirements.txt (make test does)")
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "book"
    shutil.copytree(ROOT / "book", root, ignore=shutil.ignore_patterns("conftest.py", "__pycache__"))
    (root / "mathnn").symlink_to(ROOT / "mathnn")
    settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # every cell in the page, not only those scrolled into view, so the test can read them all
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), os.urandom(16).hex()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    command = [str(BIN / "jupyter-lab"), "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(tmp / "lab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp / "lab.log").read_text()
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text())
        yield base, token
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def lab_page(lab):
    """One JupyterLab page, as a reader keeps it open; chapters open in it from the file browser."""
    _need("chromium", Path(CHROMIUM).exists(), "install it with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright
    base, token = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside = []

        def route(route):
            url = route.request.url
            if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        page.route("**/*", route)
        page.goto(f"{base}/lab?reset&token={token}")
        page.wait_for_selector(".jp-DirListing-item", timeout=60000)
        yield page
        assert outside == [], f"JupyterLab asked other hosts for {outside}"
        browser.close()


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the chapter in front


class Chapter:
    """One chapter opened in JupyterLab from the file browser, its kernel started."""

    def __init__(self, page, name):
        self.page, self.name = page, name
        page.locator(".jp-DirListing-item", has_text=name).dblclick()
        page.wait_for_selector(f'.lm-TabBar-tab.lm-mod-current:has-text("{name}")', timeout=30000)
        page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=120000)
        self.wait_idle()
        markdown = _count(name, lambda c: c["cell_type"] == "markdown")
        self.wait_until(f"() => document.querySelectorAll('{PANEL} .jp-MarkdownCell .myst').length >= {markdown}", 120)

    def locator(self, selector):
        return self.page.locator(f"{PANEL} {selector}")

    def wait_idle(self, timeout=120000):
        self.page.wait_for_selector(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=timeout)

    def wait_until(self, condition, timeout):
        """Evaluate `condition` in the page every 0.2 s until it is true (Playwright's own
        wait_for_function never returns on JupyterLab's pages)."""
        end = time.monotonic() + timeout
        while not self.page.evaluate(condition):
            assert time.monotonic() < end, f"timed out after {timeout} s waiting for {condition}"
            self.page.wait_for_timeout(200)  # not time.sleep: Playwright serves the routes meanwhile

    def run_all(self):
        """Run → Run All Cells; returns the seconds until every code cell has run.

        Done means: the kernel's execution indicator is idle again, and every prompt shown
        (cells whose code is folded show none) holds an execution count.
        """
        self.page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        start = time.perf_counter()
        self.page.locator('li[data-command="runmenu:run-all"]').click()
        self.wait_until(f"""() => {{
            const idle = document.querySelector('{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]');
            const prompts = [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputArea-prompt')];
            return idle && prompts.every((p) => /\\[\\d+\\]/.test(p.textContent));
        }}""", timeout=180)
        return time.perf_counter() - start

    def run_new_cell(self, code):
        """A new cell at the end with `code`, typed and run as a reader does; returns its output."""
        self.locator(".jp-Cell").last.click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")  # insert a cell below
        self.page.keyboard.press("Enter")
        self.page.keyboard.type(code)
        self.page.keyboard.press("Shift+Enter")  # run it (Jupyter then adds an empty cell below)
        cell = self.locator(".jp-CodeCell").filter(has_text=code).last
        self.wait_until(f"() => /\\[\\d+\\]/.test([...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputArea-prompt')].at(-2).textContent)", 30)
        self.wait_idle()
        return cell.locator(".jp-OutputArea").inner_text()

    def close(self):
        """File → Close and Shut Down Notebook, discarding what the run changed."""
        self.page.locator(".lm-MenuBar-item", has_text="File").first.click()
        self.page.locator('li[data-command="filemenu:close-and-cleanup"]').click()
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.wait_for_selector(f'.lm-TabBar-tab:has-text("{self.name}")', state="detached", timeout=30000)

    def markdown_text(self):
        """The rendered markdown cells (jupyterlab-myst draws them in `.myst`), folded text too."""
        return "\n".join(self.locator(".jp-MarkdownCell .myst").all_text_contents())


def _widget_views(name):
    nb = json.loads((ROOT / "book" / name).read_text())
    return sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))


def _count(name, predicate):
    """How many cells of the chapter satisfy `predicate`."""
    return sum(map(predicate, json.loads((ROOT / "book" / name).read_text())["cells"]))


def _solutions(name):
    return _count(name, lambda c: c["cell_type"] == "markdown" and ":::{dropdown}" in "".join(c["source"]))


def _checks(name):
    return _count(name, lambda c: c["cell_type"] == "code" and "with folded(" in "".join(c["source"]))


def _prose_values(name):
    nb = json.loads((ROOT / "book" / name).read_text())
    return {text for c in nb["cells"] if c["cell_type"] == "markdown" for text in stored_values(c).values()}


@pytest.fixture(scope="module")
def timings():
    times = {}
    yield times
    TIMINGS.parent.mkdir(exist_ok=True)
    earlier = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}  # another group's chapters
    TIMINGS.write_text(json.dumps({**earlier, **times}, indent=1, sort_keys=True))


# The chapters run in three groups, each on its own JupyterLab (make test runs the browser
# tests with pytest-xdist's --dist loadgroup): three kernels at work at once, not one.
LAB_GROUPS = 3


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.xdist_group(f"lab{i % LAB_GROUPS}"))
                                  for i, name in enumerate(CHAPTERS)])
def test_chapter_runs_and_reads_as_the_page_does(lab_page, timings, name):
    chapter = Chapter(lab_page, name)
    # as opened: every solution folded, and each check cell folded whole (code and printout)
    assert _folded(chapter, ".jp-MarkdownCell .myst details") == _solutions(name)
    assert chapter.locator(".jp-CodeCell:has(.jp-InputPlaceholder):has(.jp-OutputPlaceholder)").count() >= _checks(name)
    timings[name] = round(chapter.run_all(), 1)
    errors = chapter.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:3000]}"
    views = _widget_views(name)
    chapter.wait_until(f"() => document.querySelectorAll('{PANEL} .mnn-widget').length >= {views}", 30)
    assert chapter.locator(".mnn-widget").count() == views
    assert "Error displaying widget" not in chapter.locator(".jp-Notebook").inner_text()
    # Jupyter unfolds every cell's printout when it runs: the checks' stay in a closed <details>
    chapter.wait_until(f"() => document.querySelectorAll('{PANEL} .jp-OutputArea-output details').length >= {_checks(name)}", 30)
    assert _folded(chapter, ".jp-OutputArea-output details") == _checks(name)
    assert _folded(chapter, ".jp-MarkdownCell .myst details", click=True) == _solutions(name)
    text = chapter.markdown_text()
    assert not [raw for raw in RAW if raw in text], f"{name}: raw markup {[r for r in RAW if r in text]}"
    assert not re.search(r"```\w*\n|^:::", text, flags=re.M)
    missing = [v for v in _prose_values(name) if v not in text]
    assert not missing, f"{name}: prose numbers not shown: {missing[:5]}"
    chapter.close()


def _folded(chapter, selector, click=False):
    """How many `selector` <details> there are; each must be closed (and open when clicked)."""
    folds = chapter.locator(selector)
    for i in range(folds.count()):
        details = folds.nth(i)
        assert details.get_attribute("open") is None, f"open before it is clicked: {details.inner_text()[:80]}"
        if click:
            details.locator("summary").first.click()
            assert details.get_attribute("open") is not None
    return folds.count()


@pytest.mark.xdist_group("lab0")  # chapter 1's group: the chapter is open there already
def test_sliders_reach_python_by_mouse_and_keyboard_and_python_reaches_the_page(lab_page):
    chapter = Chapter(lab_page, "01-single-neuron.ipynb")  # already open: brought to the front
    page = chapter.page
    widget = chapter.locator(".mnn-neuron")
    if not widget.count():
        chapter.run_all()
    widget.wait_for(timeout=30000)
    slider = widget.locator('input[type=range][aria-label="weight w"]')
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    dragged = float(slider.input_value())
    assert dragged != 1.5
    assert chapter.run_new_cell("print(neuron_widget.w)").strip() == f"{dragged}"
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert slider.evaluate("el => document.activeElement === el"), "the arrow keys moved the focus away"
    assert float(slider.input_value()) == pytest.approx(dragged + 0.3)
    assert float(chapter.run_new_cell("print(neuron_widget.w)")) == pytest.approx(dragged + 0.3)
    chapter.run_new_cell("neuron_widget.w = -1.2")
    chapter.wait_until(f"() => document.querySelector('{PANEL} .mnn-neuron .mnn-equation').textContent.includes('\u22121.20')", 30)
    assert float(slider.input_value()) == -1.2


@pytest.mark.xdist_group("lab0")
def test_an_answer_box_checks_what_the_reader_types_and_python_sees_it(lab_page):
    """Chapter 1's first answer box in JupyterLab: typed keys reach the box (not the
    notebook's shortcuts), Enter checks, the verdict is announced, and Python reads the
    answer and the same verdict from the widget."""
    chapter = Chapter(lab_page, "01-single-neuron.ipynb")
    box = chapter.locator(".mnn-answer").first
    if not box.count():
        chapter.run_all()
    box.wait_for(timeout=30000)
    field = box.get_by_role("textbox")
    field.scroll_into_view_if_needed()
    field.click()
    chapter.page.keyboard.type("[1, 2]")  # "1" and "2" would make a cell markdown/raw in command mode
    chapter.page.keyboard.press("Enter")
    verdict = box.get_by_role("status")
    assert verdict.inner_text().startswith("\u2717 Not yet:") and "one number" in verdict.inner_text()
    assert field.input_value() == "[1, 2]"
    out = chapter.run_new_cell(
        "from ipywidgets.widgets.widget import _instances; from mathnn.widgets import AnswerWidget; "
        "w = [x for x in _instances.values() if isinstance(x, AnswerWidget) and x.answer]; "
        "print(len(w), w[0].answer, w[0].verdict.kind)")
    assert out.strip() == "1 [1, 2] shape"
