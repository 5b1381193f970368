"""URL rules whose URL builders are compiled the first time a URL is built from them.

Werkzeug compiles two Python functions for every rule when it is added, so
that `url_for` is fast. The server has some 150 rules, and a page builds URLs
from a handful of them: compiling them all was two thirds of making an app
(0.12 s of CPU of 0.17 s), paid by every start of a server and by every test
that makes an app. Compiled on first use, a builder is the same function,
made once and kept.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True) -> Any:
        compiled: Any = None

        def build(rule: Rule, *args: Any, **values: Any) -> Any:
            nonlocal compiled
            if compiled is None:  # two threads at once compile it twice, both the same
                compiled = Rule._compile_builder(rule, append_unknown)
            return compiled(rule, *args, **values)

        return build
