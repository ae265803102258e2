# A Sphinx site that embeds two Sessionscope tours (scripts/test-docs-sites.sh builds it and
# e2e/docs-sites.spec.js opens it). The playground is copied into _static/sessionscope/ by
# `scripts/build-site.sh /docs-sphinx/_static/sessionscope/ _static/sessionscope`, so the
# frames load from the docs' own path.
project = "Sessions, explained"
extensions = ["sessionscope_docs"]
html_static_path = ["_static"]
exclude_patterns = ["_build", "_static"]
sessionscope_url = "_static/sessionscope/"
