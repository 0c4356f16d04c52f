"""knowledge is pure data (stdlib only); explain pulls in nothing heavy; rich is used only on a terminal."""

from __future__ import annotations

import io
import subprocess
import sys

from corsdoctor.explain import explain, plain, text_segments

_CHROME = ("Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been "
           "blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_knowledge_and_explain_import_only_the_standard_library() -> None:
    loaded = _modules_after("import corsdoctor.knowledge, corsdoctor.explain") - _modules_after("pass")
    third_party = {m.split(".")[0] for m in loaded} - set(sys.stdlib_module_names) - {"corsdoctor"}
    assert third_party == set()


def test_rich_rendering_in_a_terminal() -> None:
    from rich.console import Console
    from rich.text import Text

    segments = text_segments(explain(_CHROME))
    sink = io.StringIO()
    console = Console(file=sink, force_terminal=True, color_system="standard", width=200, record=True,
                      highlight=False, soft_wrap=True)
    console.print(Text.assemble(*segments), end="")
    assert "\x1b[" in sink.getvalue()
    assert console.export_text() == plain(segments)
