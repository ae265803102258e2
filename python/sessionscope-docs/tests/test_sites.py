"""Real Sphinx and MkDocs builds of a page with the directive and the block: the options
reach the frame, the fallback is in the page, and a mistake stops the build with a message."""

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sessionscope_docs import core

REPO = Path(__file__).resolve().parents[3]
CART = REPO / "engine/tests/conformance/django-5.2/scenarios/cart_basic__db.json"


@pytest.fixture(scope="session")
def binary():
    return core.find_binary()


def frames(page):
    return [html.unescape(src) for src in re.findall(r'<iframe class="sessionscope-frame" src="([^"]+)"', page)]


def sphinx_build(source, out):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(source), str(out)],
        capture_output=True,
        text=True,
    )


def test_sphinx_directive(binary, tmp_path):
    source = tmp_path / "src"
    (source / "guide").mkdir(parents=True)
    (source / "cart.json").write_text(CART.read_text())
    (source / "conf.py").write_text(
        f"extensions = ['sessionscope_docs']\nsessionscope_binary = {binary!r}\n"
    )
    (source / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   guide/sessions\n"
    )
    (source / "guide" / "sessions.rst").write_text(
        "Sessions\n========\n\n"
        ".. sessionscope:: /cart.json\n   :theme: light\n   :height: 500\n   :step: 2\n\n"
        ".. sessionscope::\n   :story: logout-signed-cookie\n   :engine: db\n"
    )
    built = sphinx_build(source, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "out" / "guide" / "sessions.html").read_text()
    first, second = frames(page)
    assert first.startswith("../_static/sessionscope/?embed=1&theme=light&step=2#v1.")
    assert second.startswith("../_static/sessionscope/?embed=1#v1.")
    assert page.count("<noscript>") == 2 and 'height="500"' in page
    assert '<script src="../_static/sessionscope/embed.js" defer></script>' in page


def test_sphinx_stops_on_a_wrong_option(binary, tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"extensions = ['sessionscope_docs']\nsessionscope_binary = {binary!r}\n"
    )
    (source / "index.rst").write_text("Home\n====\n\n.. sessionscope::\n   :story: no-such-tour\n")
    built = sphinx_build(source, tmp_path / "out")
    assert built.returncode != 0
    assert "sessionscope: no story 'no-such-tour'" in built.stderr


def mkdocs_build(root):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )


def test_mkdocs_plugin(binary, tmp_path):
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "cart.json").write_text(CART.read_text())
    (docs / "index.md").write_text("# Home\n")
    (docs / "guide" / "sessions.md").write_text(
        "# Sessions\n\n```sessionscope\nscenario: cart.json\ndjango: 6.0\ntheme: dark\n```\n\n"
        "Between.\n\n~~~sessionscope\nstory: shopping-cart\nstep: 3\n~~~\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - sessionscope:\n"
        f"      binary: {binary}\n      url: assets/sessionscope/\n"
    )
    built = mkdocs_build(tmp_path)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "guide" / "sessions" / "index.html").read_text()
    first, second = frames(page)
    assert first.startswith("../../assets/sessionscope/?embed=1&theme=dark#v1.")
    assert second.startswith("../../assets/sessionscope/?embed=1&step=3#v1.")
    assert 'data-django="6.0"' in page
    assert "<p>Between.</p>" in page
    assert "```" not in page and "~~~" not in page


def test_mkdocs_stops_on_a_wrong_line(binary, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("```sessionscope\nstory: shopping-cart\ncolour: red\n```\n")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Test\nplugins:\n  - sessionscope:\n      binary: {binary}\n"
    )
    built = mkdocs_build(tmp_path)
    assert built.returncode != 0
    assert "sessionscope in index.md: line 2 of the block" in built.stderr
