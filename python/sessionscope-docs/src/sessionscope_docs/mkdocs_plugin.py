"""The MkDocs plugin. In ``mkdocs.yml``::

    plugins:
      - search
      - sessionscope:
          url: sessionscope/      # the playground, relative to the site's root, or absolute
          binary: null            # the sessionscope program (default: $SESSIONSCOPE_BIN, PATH)

In a page, a fenced block with the same options as the Sphinx directive::

    ```sessionscope
    scenario: scenarios/cart.json
    engine: db
    django: 4.2
    step: 2
    theme: dark
    height: 520
    ```

    ```sessionscope
    story: shopping-cart
    ```

A scenario path is relative to the page's Markdown file. The block becomes the frame,
``embed.js`` and the static rendering (in ``<noscript>``), as the Sphinx directive writes them.
"""

import os
import re

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .core import EmbedError, EmbedOptions, build_embed, parse_int, relative_url

BLOCK = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*sessionscope[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)

KEYS = ("scenario", "story", "engine", "django", "step", "theme", "height", "title")


def read_block(body: str) -> EmbedOptions:
    """The options of one block (``key: value`` lines)."""
    options = EmbedOptions()
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or key not in KEYS:
            raise EmbedError(
                f"line {number} of the block: {line.strip()!r} is not one of "
                f"{', '.join(k + ': …' for k in KEYS)}"
            )
        if key in ("step", "height"):
            setattr(options, key, parse_int(key, value))
        else:
            setattr(options, key, value)
    return options


class SessionscopePlugin(BasePlugin):
    config_scheme = (
        ("url", config_options.Type(str, default="sessionscope/")),
        ("binary", config_options.Type((str, type(None)), default=None)),
    )

    def on_page_markdown(self, markdown, page, config, files):
        embeds = []

        def replace(match):
            try:
                options = read_block(match.group("body"))
                base_dir = os.path.dirname(page.file.abs_src_path)
                url = relative_url(self.config["url"], page.url.count("/"))
                embeds.append(build_embed(options, base_dir, url, self.config["binary"]))
            except EmbedError as error:
                raise PluginError(f"sessionscope in {page.file.src_path}: {error}") from None
            return f"\n<!--sessionscope-embed-{len(embeds) - 1}-->\n"

        markdown = BLOCK.sub(replace, markdown)
        page.sessionscope_embeds = embeds
        return markdown

    def on_page_content(self, html, page, config, files):
        for index, embed in enumerate(getattr(page, "sessionscope_embeds", [])):
            html = html.replace(f"<!--sessionscope-embed-{index}-->", embed, 1)
        return html
