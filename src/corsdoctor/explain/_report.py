"""Explanations as text (plain, or styled with rich in a terminal) and as versioned JSON.

JSON schema ``corsdoctor.explain/1``::

    {"schema": "corsdoctor.explain/1",
     "messages": [{
        "browser": "chromium" | "firefox" | "webkit",
        "template": "chromium:AllowOriginMismatch",     # which console template matched
        "code": "CORS102" | null, "name": "allow-origin-mismatch" | null,
        "severity": "error" | null, "title": str | null,
        "stage": "request" | "preflight" | "actual" | "redirect" | "network",
        "url": str | null, "initial_url": str | null, "origin": str | null,
        "value": str | null,          # the offending value the browser quoted
        "status": int | null, "method": str | null, "request_header": str | null,
        "credentials": bool, "api": "fetch" | "xhr" | "other",
        "chromium_error": str | null,  # DevTools' CorsError name, Preflight twin included
        "alternatives": [code, ...],   # other codes the same browser reason can stand for
        "root_cause": str | null,
        "owners": [{"owner": str, "why": str, "look_for": [str]}],
        "fixes": [{"stack": str, "summary": str, "language": str, "snippet": str}],
        "verify": [{"kind": "curl" | "devtools" | "corsdoctor", "command": str, "expect": str}],
        "check_command": str,
        "check_note": str | null,     # set when the reproduction guesses what triggered the preflight
        "spec": str | null,
        "line": int, "text": str}],
     "closest": null | {"template": str, "text": str, "line": str, "similarity": float}}

Spec anchor: https://fetch.spec.whatwg.org/#cors-check
"""

from __future__ import annotations

from typing import Any

from corsdoctor.engine._codes import CODES
from corsdoctor.explain._explain import Explanation
from corsdoctor.explain._message import Message
from corsdoctor.explain._owners import OwnerGuess, infer_owners
from corsdoctor.knowledge import Fix, fix_lines, get, rank_fixes, verify_lines

SCHEMA = "corsdoctor.explain/1"

#: (text, style) segments; ``style`` is a rich style name or "".
Segment = tuple[str, str]

_BROWSER_NAMES = {"chromium": "Chromium", "firefox": "Firefox", "webkit": "Safari/WebKit"}
_MAX_FIXES_TEXT = 4
_GUESSED_TRIGGER = ("the message does not say what made the request need a preflight; "
                    "Content-Type: application/json is the usual trigger: replace it with the request's "
                    "own non-safelisted header")


def _fixes_for(m: Message, owners: tuple[OwnerGuess, ...]) -> tuple[Fix, ...]:
    """The code's fixes, those for the most likely owner's stacks first (stable otherwise)."""
    if m.code is None:
        return ()
    return rank_fixes(get(m.code).fixes, owners)


def _owners_of(m: Message) -> tuple[OwnerGuess, ...]:
    return infer_owners(m.code, url=m.url, stage=m.stage, status=m.status, value=m.value, origin=m.origin)


def message_to_dict(m: Message) -> dict[str, Any]:
    info = CODES.get(m.code) if m.code else None
    doc = get(m.code) if m.code else None
    example = m.example()
    owners = _owners_of(m)
    return {
        "browser": m.browser.value,
        "template": m.template,
        "code": m.code,
        "name": info.name if info else None,
        "severity": info.severity.label if info else None,
        "title": info.title if info else None,
        "stage": m.stage,
        "url": m.url,
        "initial_url": m.initial_url,
        "origin": m.origin,
        "value": m.value,
        "status": m.status,
        "method": m.method,
        "request_header": m.request_header,
        "credentials": m.credentials,
        "api": m.api,
        "chromium_error": m.chromium_error,
        "alternatives": list(m.alternatives),
        "root_cause": doc.root_cause if doc else _SAFARI_NO_REASON,
        "owners": [{"owner": o.owner.value, "why": o.why, "look_for": list(o.look_for)} for o in owners],
        "fixes": [{"stack": f.stack.value, "summary": f.summary, "language": f.language, "snippet": f.snippet}
                  for f in _fixes_for(m, owners)],
        "verify": [{"kind": s.kind.value, "command": s.render(example), "expect": s.expect}
                   for s in (doc.verify if doc else ())],
        "check_command": example.check_command(),
        "check_note": (_GUESSED_TRIGGER if m.preflight_trigger_guessed else None),
        "spec": info.spec if info and info.spec else None,
        "line": m.line_no,
        "text": m.text,
    }


_SAFARI_NO_REASON = ("Safari blocked the request in its access control checks; it prints the reason on the "
                     "console line just before this one (paste that line too).")


def to_json(explanation: Explanation) -> dict[str, Any]:
    c = explanation.closest
    return {
        "schema": SCHEMA,
        "messages": [message_to_dict(m) for m in explanation.messages],
        "closest": None if c is None else {
            "template": c.sample.id, "text": c.sample.text, "line": c.line, "similarity": round(c.ratio, 3)},
    }


def _message_segments(n: int, total: int, m: Message) -> list[Segment]:
    d = message_to_dict(m)
    out: list[Segment] = []
    head = f"[{n}/{total}] " if total > 1 else ""
    label = f"{d['code']} {d['name']}" if d["code"] else "CORS block (reason on another line)"
    out.append((f"{head}{label}", "bold red" if d["severity"] in ("error", "security") else "bold yellow"))
    out.append((f"  ({_BROWSER_NAMES[d['browser']]}, {d['stage']} stage)\n", "dim"))
    if d["title"]:
        out.append((f"  {d['title']}\n", ""))
    facts = [("URL", d["url"]), ("redirected from", d["initial_url"]), ("origin", d["origin"]),
             ("value", None if d["value"] is None else repr(d["value"])),
             ("status", None if d["status"] is None else str(d["status"])), ("method", d["method"]),
             ("request header", d["request_header"]), ("CorsError", d["chromium_error"])]
    for name, value in facts:
        if value is not None:
            out.append((f"  {name + ':':<17}", "dim"))
            out.append((f"{value}\n", "cyan"))
    if d["credentials"]:
        out.append((f"  {'credentials:':<17}", "dim"))
        out.append(("included (cookies / HTTP auth / withCredentials)\n", "cyan"))
    out.append(("\nRoot cause\n", "bold"))
    out.append((f"  {d['root_cause']}\n", ""))
    if m.alternatives:
        out.append((f"  Same browser message, other possible causes: {', '.join(m.alternatives)}\n", "dim"))
    if d["owners"]:
        out.append(("\nMost likely owner\n", "bold"))
        for i, o in enumerate(d["owners"], 1):
            out.append((f"  {i}. {o['owner']}", "bold" if i == 1 else ""))
            out.append((f": {o['why']}\n", ""))
            for g in o["look_for"][:3] if i <= 2 else ():
                out.append((f"       $ {g}\n", "dim"))
    doc = get(m.code) if m.code else None
    if doc is not None:
        fixes = _fixes_for(m, _owners_of(m))
        out.append(("\nFix patterns", "bold"))
        extra = len(fixes) - _MAX_FIXES_TEXT
        note = f" (first {_MAX_FIXES_TEXT}; {extra} more with `corsdoctor explain {m.code}`)" if extra > 0 else ""
        out.append((f"{note}\n", "dim"))
        out.append(("\n".join(fix_lines(fixes[:_MAX_FIXES_TEXT])) + "\n", ""))
        out.append(("\nVerify\n", "bold"))
        out.append(("\n".join(verify_lines(doc.verify, m.example())) + "\n", ""))
    out.append(("\nReproduce\n", "bold"))
    out.append((f"  {d['check_command']}\n", "green"))
    if d.get("check_note"):
        out.append((f"  ({d['check_note']})\n", "dim"))
    if m.origin is None and m.url is not None:
        out.append(("  (this browser does not print the page origin: replace <page origin>)\n", "dim"))
    if d["spec"]:
        out.append((f"  spec: {d['spec']}\n", "dim"))
    return out


def text_segments(explanation: Explanation) -> list[Segment]:
    if not explanation.messages:
        return []
    out: list[Segment] = []
    total = len(explanation.messages)
    for n, m in enumerate(explanation.messages, 1):
        if n > 1:
            out.append(("\n" + "─" * 80 + "\n\n", "dim"))
        out += _message_segments(n, total, m)
    return out


def unrecognised_text(explanation: Explanation) -> str:
    """The one-screen note printed (to stderr) when nothing was recognised."""
    lines = ["corsdoctor explain: no CORS console message recognised"]
    if explanation.only_rejections:
        lines[0] += " (only the script-side TypeError, which never says why; paste the console line above it)"
    c = explanation.closest
    if c is not None:
        lines.append(f"closest known message ({c.sample.id}, {round(100 * c.ratio)}% similar):")
        lines.append(f"  {c.sample.text}")
    return "\n".join(lines) + "\n"


def plain(segments: list[Segment]) -> str:
    return "".join(text for text, _ in segments)
