"""What the Sphinx directive and the MkDocs plugin share: read the options, find the scenario (a
file or a guided tour), make the share link the playground opens, ask the ``sessionscope``
binary for the static rendering, and write the embed.

The embed is an ``<iframe>`` on the playground (``?embed=1#v1.…``), the auto-height script
``embed.js`` beside it, and, in a ``<noscript>``, the static rendering ``sessionscope render``
writes from the same scenario: a reader without JavaScript (and a search engine) gets the
steps and the bytes instead of an empty frame. Both come from one document, so the frame and
the rendering run the same scenario, with the same session keys, through the same engine.
"""

import base64
import html
import json
import os
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from importlib import resources
from typing import List, Optional

ENGINES = ("db", "cache", "cached_db", "file", "signed_cookies")
DJANGO_VERSIONS = ("4.2", "5.2", "6.0", "6.1")
THEMES = ("auto", "light", "dark")

#: The seed of the session keys a scenario file does not list: the playground's default
#: (``src/ui/model.rs``, ``DEFAULT_KEY_SEED``). The link carries it, and ``render`` draws the
#: same keys from it, so both show the same keys.
DEFAULT_KEY_SEED = "5e5510d5c09e"

#: The height the frame has before ``embed.js`` sizes it (the Share panel's snippets use it).
DEFAULT_HEIGHT = 480

#: The share-link format the playground reads (``src/ui/page/document``).
SHARE_VERSION = "v1"


class EmbedError(Exception):
    """An option, a scenario or the binary is wrong; the message says which and how."""


@dataclass
class EmbedOptions:
    """One embed, as a directive or a Markdown block gives it."""

    scenario: Optional[str] = None
    story: Optional[str] = None
    engine: Optional[str] = None
    django: Optional[str] = None
    step: Optional[int] = None
    theme: Optional[str] = None
    height: int = DEFAULT_HEIGHT
    title: Optional[str] = None

    def check(self):
        """Raises :class:`EmbedError` for an option no embed can have."""
        if bool(self.scenario) == bool(self.story):
            raise EmbedError("give either a scenario file or :story: NAME (one of them)")
        if self.engine is not None and self.engine not in ENGINES:
            raise EmbedError(f"engine {self.engine!r} is not one of {', '.join(ENGINES)}")
        if self.django is not None and self.django not in DJANGO_VERSIONS:
            raise EmbedError(
                f"django {self.django!r} is not one of {', '.join(DJANGO_VERSIONS)}"
            )
        if self.theme is not None and self.theme not in THEMES:
            raise EmbedError(f"theme {self.theme!r} is not one of {', '.join(THEMES)}")
        if self.step is not None and self.step < 1:
            raise EmbedError(f"step {self.step}: steps are counted from 1")
        if not 200 <= self.height <= 4000:
            raise EmbedError(f"height {self.height}: give 200 to 4000 pixels")


def parse_int(name: str, text: str) -> int:
    """An integer option's value, or :class:`EmbedError` naming the option."""
    try:
        return int(str(text).strip())
    except ValueError:
        raise EmbedError(f"{name} wants a whole number, not {text!r}") from None


@dataclass
class Prepared:
    """A scenario ready to embed: the share document, the captions, the frame's title."""

    document: dict
    captions: List[str]
    title: str


def stories() -> dict:
    """The guided tours the package bundles (``stories.json``, written by
    ``cargo run --example story_link -- --bundle …`` and checked by ``tests/story_bundle.rs``)."""
    text = resources.files(__package__).joinpath("stories.json").read_text(encoding="utf-8")
    return json.loads(text)


def prepare(options: EmbedOptions, base_dir: str) -> Prepared:
    """The document for ``options``; a scenario path is read relative to ``base_dir``."""
    options.check()
    if options.story:
        tours = stories()
        tour = tours.get(options.story)
        if tour is None:
            raise EmbedError(
                f"no story {options.story!r}; the stories are: {', '.join(tours)}"
            )
        engines = tour["engines"]
        engine = options.engine or next(iter(engines))
        if engine not in engines:
            raise EmbedError(
                f"the story {options.story!r} is written for {', '.join(engines)}, not {engine}"
            )
        document = json.loads(json.dumps(engines[engine]["document"]))
        captions = list(engines[engine]["captions"])
        if options.django not in (None, "5.2"):
            # The captions quote the tour's trace on Django 5.2; on another version the bytes
            # may differ, so the static rendering leaves them out rather than misquote.
            captions = []
        title = f"{tour['title']} ({engine})"
    else:
        path = os.path.join(base_dir, options.scenario)
        try:
            with open(path, encoding="utf-8") as file:
                scenario = json.load(file)
        except OSError as error:
            raise EmbedError(f"cannot read the scenario {path}: {error.strerror}") from None
        except ValueError as error:
            raise EmbedError(f"the scenario {path} is not JSON: {error}") from None
        if not isinstance(scenario, dict):
            raise EmbedError(f"the scenario {path} is not a JSON object")
        if options.engine:
            scenario["engine"] = options.engine
        document = {"scenario": scenario, "key_seed": DEFAULT_KEY_SEED, "secrets": "included"}
        captions = []
        name = scenario.get("description") or scenario.get("name") or os.path.basename(path)
        title = f"{name} ({scenario.get('engine', 'db')})"
    if options.django:
        document["scenario"]["django"] = options.django
    return Prepared(document, captions, options.title or title)


def share_fragment(document: dict) -> str:
    """``v1.`` + URL-safe base64 (no padding) of the zlib-compressed JSON document: what the
    playground's share links carry after ``#``."""
    text = json.dumps(document, separators=(",", ":"))
    data = base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).rstrip(b"=")
    return f"{SHARE_VERSION}.{data.decode('ascii')}"


def frame_src(url: str, options: EmbedOptions, document: dict) -> str:
    """The frame's address: the playground at ``url``, embedded, with the options it reads."""
    query = ["embed=1"]
    if options.theme:
        query.append(f"theme={options.theme}")
    if options.step:
        query.append(f"step={options.step}")
    return f"{url}?{'&'.join(query)}#{share_fragment(document)}"


def find_binary(configured: Optional[str] = None) -> str:
    """The ``sessionscope`` program: ``configured``, else ``$SESSIONSCOPE_BIN``, else the one on
    ``PATH``."""
    candidate = configured or os.environ.get("SESSIONSCOPE_BIN") or shutil.which("sessionscope")
    if not candidate or not os.path.isfile(candidate) or not os.access(candidate, os.X_OK):
        raise EmbedError(
            "cannot find the sessionscope program (set the binary option or "
            "SESSIONSCOPE_BIN, or put it on PATH: cargo install --path engine)"
            + (f"; {candidate} is not an executable file" if candidate else "")
        )
    return candidate


def render_static(prepared: Prepared, options: EmbedOptions, binary: str) -> str:
    """The static rendering of the prepared scenario, from ``sessionscope render``."""
    document = prepared.document
    args = [binary, "render", "-", "--key-seed", document["key_seed"], "--title", prepared.title]
    if options.step:
        args += ["--step", str(options.step)]
    if options.theme:
        args += ["--theme", options.theme]
    with tempfile.TemporaryDirectory() as folder:
        if prepared.captions:
            captions = os.path.join(folder, "captions.json")
            with open(captions, "w", encoding="utf-8") as file:
                json.dump(prepared.captions, file)
            args += ["--captions", captions]
        result = subprocess.run(
            args,
            input=json.dumps(document["scenario"]),
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
    if result.returncode != 0:
        raise EmbedError(f"sessionscope render failed: {result.stderr.strip()}")
    return result.stdout


def embed_html(url: str, options: EmbedOptions, prepared: Prepared, static: str) -> str:
    """The embed: the frame, ``embed.js`` and the static rendering as the frame's fallback.
    ``url`` is the playground's address as seen from the page (relative or absolute, ending
    with ``/``)."""
    src = frame_src(url, options, prepared.document)
    title = f"Sessionscope: {prepared.title}"
    return (
        '<div class="sessionscope-embed">'
        f'<iframe class="sessionscope-frame" src="{html.escape(src)}" '
        f'title="{html.escape(title)}" width="100%" height="{options.height}" loading="lazy" '
        'style="border:1px solid color-mix(in srgb,currentColor 25%,transparent);'
        'border-radius:8px"></iframe>'
        f'<script src="{html.escape(url)}embed.js" defer></script>'
        # Without JavaScript the frame would only say that it needs it: hide it, show the steps.
        "<noscript><style>.sessionscope-frame{display:none}</style>"
        f"{static.strip()}</noscript>"
        "</div>"
    )


def relative_url(url: str, depth: int) -> str:
    """``url`` as seen from a page ``depth`` folders below the site's root: an absolute address
    (``https://…``, ``//…``, ``/…``) stays; a relative one gains ``../`` per folder."""
    if not url.endswith("/"):
        url += "/"
    if "://" in url or url.startswith("/"):
        return url
    return "../" * depth + url


def build_embed(
    options: EmbedOptions, base_dir: str, url: str, binary: Optional[str] = None
) -> str:
    """Everything at once: the HTML for one embed."""
    prepared = prepare(options, base_dir)
    static = render_static(prepared, options, find_binary(binary))
    return embed_html(url, options, prepared, static)
