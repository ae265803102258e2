"""The package's own tests. Those that render need the ``sessionscope`` program: set
``SESSIONSCOPE_BIN`` or put it on ``PATH`` (``scripts/test-docs-sites.sh`` builds it); without
it they fail, naming what is missing."""

import base64
import html
import json
import re
import subprocess
import zlib
from pathlib import Path

import pytest

from sessionscope_docs import core
from sessionscope_docs.core import EmbedError, EmbedOptions

REPO = Path(__file__).resolve().parents[3]
CART = REPO / "engine/tests/conformance/django-5.2/scenarios/cart_basic__db.json"
CART_TRACE = REPO / "engine/tests/conformance/django-5.2/traces/cart_basic__db.json"


@pytest.fixture(scope="session")
def binary():
    return core.find_binary()


def decode_fragment(fragment):
    version, data = fragment.split(".", 1)
    assert version == "v1"
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw))


def marked(page, marker):
    return [html.unescape(m) for m in re.findall(rf"<code data-{marker}>([^<]*)</code>", page)]


def with_conformance_keys(path, folder):
    """The scenario with the conformance harness's generated keys listed (``sess…0001``, …),
    as ``e2e/support.js`` writes them into links: the keys real Django's trace has."""
    scenario = json.loads(path.read_text())
    count = len(scenario["steps"]) * 2 + 8
    scenario["session_keys"] = [f"sess{n:028d}" for n in range(1, count + 1)]
    copy = folder / path.name
    copy.write_text(json.dumps(scenario))
    return copy


def test_a_scenario_file_becomes_a_frame_its_script_and_the_rendering_as_fallback(
    binary, tmp_path
):
    cart = with_conformance_keys(CART, tmp_path)
    options = EmbedOptions(scenario=str(cart), theme="dark", height=520)
    page = core.build_embed(options, str(REPO), "../_static/sessionscope/", binary)
    src = html.unescape(re.search(r'<iframe class="sessionscope-frame" src="([^"]+)"', page)[1])
    assert src.startswith("../_static/sessionscope/?embed=1&theme=dark#v1.")
    document = decode_fragment(src.split("#", 1)[1])
    assert document["scenario"] == json.loads(cart.read_text())
    assert document["key_seed"] == core.DEFAULT_KEY_SEED
    assert document["secrets"] == "included"
    assert 'height="520"' in page
    assert '<script src="../_static/sessionscope/embed.js" defer></script>' in page
    noscript = page[page.index("<noscript>") : page.index("</noscript>")]
    assert '<section class="sessionscope-static" data-theme="dark"' in noscript
    assert "<script" not in noscript
    # The fallback's Set-Cookie lines are the ones real Django sent for this scenario.
    trace = json.loads(CART_TRACE.read_text())
    responses = [s["response"] for s in trace["steps"] if s.get("response")]
    expected = [c["output"] for r in responses for c in r["set_cookie"]]
    assert marked(noscript, "set-cookie") == expected
    assert len(expected) >= 3


def test_a_story_uses_the_tour_the_playground_shows(binary):
    options = EmbedOptions(story="shopping-cart", step=2)
    prepared = core.prepare(options, str(REPO))
    tour = core.stories()["shopping-cart"]
    assert prepared.document == tour["engines"]["db"]["document"]
    assert prepared.title == f"{tour['title']} (db)"
    static = core.render_static(prepared, options, binary)
    assert static.count('<li class="ss-step"') == 1
    caption = html.escape(tour["engines"]["db"]["captions"][1], quote=True)
    assert f'<p class="ss-caption">{caption}</p>' in static
    # The link names the tour, so the playground recognises it and shows its captions.
    fragment = core.share_fragment(prepared.document)
    assert decode_fragment(fragment)["scenario"]["name"] == "shopping-cart"


def test_the_same_keys_in_the_link_and_the_rendering(binary, tmp_path):
    """A scenario without session_keys: render draws them from the link's key_seed, as the
    playground does, so the cookie in the fallback is the cookie in the frame."""
    scenario = {"engine": "db", "steps": [{"request": {"view": "set", "data": {"a": 1}}}]}
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(scenario))
    prepared = core.prepare(EmbedOptions(scenario=str(path)), str(tmp_path))
    static = core.render_static(prepared, EmbedOptions(scenario=str(path)), binary)
    (line,) = marked(static, "set-cookie")
    key = line.split(";")[0].split("=", 1)[1]
    assert key == seeded_keys(int(core.DEFAULT_KEY_SEED, 16), 1)[0]


def seeded_keys(seed, count):
    """The playground's keys (``sessionscope_engine::keys::seeded_keys``: SplitMix64, each of 32
    characters ``VALID_KEY_CHARS[next() % 36]``), written again here to check the binary."""
    mask, chars, state, keys = 2**64 - 1, "abcdefghijklmnopqrstuvwxyz0123456789", seed, []
    for _ in range(count):
        key = ""
        for _ in range(32):
            state = (state + 0x9E3779B97F4A7C15) & mask
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            key += chars[(z ^ (z >> 31)) % 36]
        keys.append(key)
    return keys


def test_overrides_reach_the_link_and_the_rendering(binary):
    options = EmbedOptions(scenario=str(CART), engine="signed_cookies", django="4.2")
    prepared = core.prepare(options, str(REPO))
    assert prepared.document["scenario"]["engine"] == "signed_cookies"
    assert prepared.document["scenario"]["django"] == "4.2"
    static = core.render_static(prepared, options, binary)
    assert 'data-engine="signed_cookies" data-django="4.2"' in static
    # Django 4.2 on a story: the captions (written from 5.2's trace) are left out.
    story = core.prepare(EmbedOptions(story="shopping-cart", django="4.2"), str(REPO))
    assert story.captions == [] and story.document["scenario"]["django"] == "4.2"


@pytest.mark.parametrize(
    "options, message",
    [
        (EmbedOptions(), "either a scenario file or :story:"),
        (EmbedOptions(scenario="a.json", story="shopping-cart"), "either a scenario file"),
        (EmbedOptions(story="nope"), "no story 'nope'; the stories are: shopping-cart"),
        (EmbedOptions(story="cart-outgrows-cookie", engine="file"), "is written for signed_cookies, not file"),
        (EmbedOptions(scenario="a.json", engine="redis"), "engine 'redis' is not one of"),
        (EmbedOptions(scenario="a.json", django="3.2"), "django '3.2' is not one of"),
        (EmbedOptions(scenario="a.json", theme="sepia"), "theme 'sepia'"),
        (EmbedOptions(scenario="a.json", step=0), "counted from 1"),
        (EmbedOptions(scenario="a.json", height=50), "200 to 4000"),
        (EmbedOptions(scenario="missing.json"), "cannot read the scenario"),
    ],
)
def test_wrong_options_say_what_is_wrong(options, message):
    with pytest.raises(EmbedError, match=re.escape(message)):
        core.prepare(options, str(REPO))


def test_a_step_past_the_end_is_the_binary_s_error(binary):
    options = EmbedOptions(scenario=str(CART), step=99)
    prepared = core.prepare(options, str(REPO))
    with pytest.raises(EmbedError, match="there is no step 99"):
        core.render_static(prepared, options, binary)


def test_a_missing_binary_says_how_to_get_one(monkeypatch):
    monkeypatch.setenv("SESSIONSCOPE_BIN", "/nonexistent/sessionscope")
    with pytest.raises(EmbedError, match="cargo install --path engine"):
        core.find_binary()


def test_urls_relative_to_the_page():
    assert core.relative_url("_static/sessionscope", 0) == "_static/sessionscope/"
    assert core.relative_url("_static/sessionscope/", 2) == "../../_static/sessionscope/"
    assert core.relative_url("https://x.org/s/", 3) == "https://x.org/s/"
    assert core.relative_url("/s/", 1) == "/s/"


def test_the_link_opens_in_the_playground_format():
    """The fragment has the page's shape (``src/ui/page/document``: ``v1.`` + URL-safe base64
    without padding of zlib-compressed JSON) and reads back; that the playground opens it is
    the end-to-end test's part (``e2e/docs-sites.spec.js``)."""
    document = {"scenario": {"engine": "db", "steps": []}, "key_seed": "1", "secrets": "included"}
    fragment = core.share_fragment(document)
    assert re.fullmatch(r"v1\.[A-Za-z0-9_-]+", fragment)
    assert decode_fragment(fragment) == document


def test_the_stories_bundle_is_what_the_playground_writes():
    """``stories.json`` is current: ``story_link --bundle`` (the playground's own code) writes
    the same bytes. Checked by ``tests/story_bundle.rs`` in the Rust suite; here, its shape."""
    tours = core.stories()
    assert "shopping-cart" in tours and "logout-signed-cookie" in tours
    for story, tour in tours.items():
        for engine, entry in tour["engines"].items():
            assert entry["document"]["scenario"]["name"] == story
            assert entry["document"]["scenario"]["engine"] == engine
            assert entry["document"]["key_seed"] == "57071e5"
            assert len(entry["captions"]) == len(entry["document"]["scenario"]["steps"])


def test_the_binary_on_path_is_found(binary, monkeypatch, tmp_path):
    link = tmp_path / "sessionscope"
    link.symlink_to(binary)
    monkeypatch.delenv("SESSIONSCOPE_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert core.find_binary() == str(link)
    assert subprocess.run([str(link), "render", "--help"], capture_output=True).returncode == 0
