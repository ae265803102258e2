"""Sessionscope in documentation: a Sphinx directive and a MkDocs plugin that embed a scenario
(a file or a guided tour) as a live frame with a static rendering for readers without
JavaScript. See ``docs/embedding.md`` in the Sessionscope repository."""

from .core import EmbedError, EmbedOptions, build_embed

__all__ = ["EmbedError", "EmbedOptions", "build_embed", "setup"]
__version__ = "0.1.0"


def setup(app):
    """Sphinx's entry point: ``extensions = ["sessionscope_docs"]``."""
    from .sphinx_directive import setup as sphinx_setup

    return sphinx_setup(app)
