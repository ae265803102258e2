"""The Sphinx directive::

    .. sessionscope:: scenarios/cart.json
       :engine: db
       :django: 4.2
       :step: 2
       :theme: dark
       :height: 520

    .. sessionscope::
       :story: shopping-cart

A scenario path is relative to the document (or, starting with ``/``, to the source folder).
``conf.py``: ``extensions = ["sessionscope_docs"]``; ``sessionscope_url`` is where the
playground is, relative to the site's root or absolute (default ``_static/sessionscope/``:
copy a build from ``scripts/build-site.sh`` into ``_static/sessionscope``);
``sessionscope_binary`` is the ``sessionscope`` program (default: ``$SESSIONSCOPE_BIN`` or
``PATH``).
"""

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from .core import EmbedError, EmbedOptions, build_embed, parse_int, relative_url


class SessionscopeDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = {
        "story": directives.unchanged_required,
        "engine": directives.unchanged_required,
        "django": directives.unchanged_required,
        "step": directives.unchanged_required,
        "theme": directives.unchanged_required,
        "height": directives.unchanged_required,
        "title": directives.unchanged_required,
    }

    def run(self):
        env = self.state.document.settings.env
        config = env.config
        try:
            options = EmbedOptions(
                scenario=None,
                story=self.options.get("story"),
                engine=self.options.get("engine"),
                django=self.options.get("django"),
                theme=self.options.get("theme"),
                title=self.options.get("title"),
            )
            if "step" in self.options:
                options.step = parse_int("step", self.options["step"])
            if "height" in self.options:
                options.height = parse_int("height", self.options["height"])
            base_dir = env.srcdir
            if self.arguments:
                relative, absolute = env.relfn2path(self.arguments[0])
                env.note_dependency(relative)
                options.scenario = absolute
            depth = env.docname.count("/")
            url = relative_url(config.sessionscope_url, depth)
            markup = build_embed(options, base_dir, url, config.sessionscope_binary)
        except EmbedError as error:
            raise self.error(f"sessionscope: {error}") from None
        return [nodes.raw("", markup, format="html")]


def setup(app):
    app.add_config_value("sessionscope_url", "_static/sessionscope/", "html")
    app.add_config_value("sessionscope_binary", None, "env")
    app.add_directive("sessionscope", SessionscopeDirective)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
