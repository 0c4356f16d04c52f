"""Every registered code has documentation a person can act on."""

from __future__ import annotations

import json
import re

import pytest

from corsdoctor import knowledge
from corsdoctor.engine._codes import CODES, all_codes
from corsdoctor.knowledge import Owner, Stack, VerifyKind

ALL = [c.code for c in all_codes()]


@pytest.mark.parametrize("code", ALL)
def test_every_code_has_a_complete_doc(code: str) -> None:
    doc = knowledge.get(code)
    assert doc.code == code
    assert len(doc.root_cause) >= 30
    assert doc.where_to_look and all(p.what for p in doc.where_to_look)
    assert doc.fixes and all(f.snippet.strip() and f.summary for f in doc.fixes)
    assert doc.verify and all(s.command and s.expect for s in doc.verify)
    for other in doc.see_also:
        assert other in CODES


def test_no_doc_without_a_code() -> None:
    assert sorted(d.code for d in knowledge.all_docs()) == sorted(ALL)


@pytest.mark.parametrize("code", [c for c in ALL if 1 <= int(c[4:]) // 100 <= 5])
def test_server_side_codes_can_be_verified_with_curl_and_corsdoctor(code: str) -> None:
    kinds = {s.kind for s in knowledge.get(code).verify}
    assert {VerifyKind.CURL, VerifyKind.CORSDOCTOR} <= kinds


@pytest.mark.parametrize("code", [c for c in ALL if 1 <= int(c[4:]) // 100 <= 2])
def test_cors_check_and_preflight_codes_point_at_a_server_layer_first(code: str) -> None:
    first = knowledge.get(code).where_to_look[0].owner
    assert first in {Owner.APP, Owner.PROXY, Owner.CDN, Owner.GATEWAY, Owner.CLIENT}


def test_field_guide_vocabulary() -> None:
    assert knowledge.get("CORS101").root_cause.startswith("ACAO missing")
    assert "OPTIONS not handled (404/405/401/403)" in knowledge.get("CORS201").root_cause
    assert knowledge.get("CORS105").root_cause.startswith("* with credentials")
    assert knowledge.get("CORS107").root_cause.startswith("Error responses without CORS headers")
    assert "Proxy/CDN interference" in knowledge.get("CORS504").root_cause


def test_allowlist_fixes_cover_the_named_stacks() -> None:
    stacks = {f.stack for f in knowledge.get("CORS101").fixes}
    assert {Stack.EXPRESS, Stack.STARLETTE, Stack.FLASK, Stack.DJANGO, Stack.SPRING, Stack.NGINX, Stack.APACHE,
            Stack.S3, Stack.CLOUDFRONT, Stack.API_GATEWAY, Stack.NETLIFY, Stack.VERCEL} <= stacks


def test_snippets_follow_the_verified_semantics() -> None:
    """configs.md §2.2/§3.2: CORS headers need 'always'; §2.6: exact anchored regex; no trailing slash."""
    for doc in knowledge.all_docs():
        for fix in doc.fixes:
            for line in fix.snippet.splitlines():
                if fix.stack is Stack.NGINX and line.strip().startswith("add_header Access-Control"):
                    assert line.split("#")[0].rstrip().endswith("always;"), (doc.code, line)
                if fix.stack is Stack.APACHE and re.match(r"\s*Header (set|add) Access-Control", line):
                    pytest.fail(f"{doc.code}: Apache CORS header without 'always': {line}")
            assert "example.com/'" not in fix.snippet and 'example.com/"' not in fix.snippet
        if doc.code != "CORS806":
            assert "app.options('*'" not in "".join(f.snippet for f in doc.fixes)


def test_verify_steps_render_the_failing_request() -> None:
    doc = knowledge.get("CORS204")
    ex = knowledge.Example(url="https://api.test/x?a=1&b=2", origin="https://page.test", method="POST",
                           request_headers=("X-Api-Key", "Content-Type"))
    curl = doc.verify[0].render(ex)
    assert curl == ("curl -sv -o /dev/null -X OPTIONS 'https://api.test/x?a=1&b=2' -H 'Origin: https://page.test'"
                    " -H 'Access-Control-Request-Method: POST'"
                    " -H 'Access-Control-Request-Headers: content-type,x-api-key'")
    check = next(s for s in doc.verify if s.kind is VerifyKind.CORSDOCTOR).render(ex)
    assert check == ("corsdoctor check 'https://api.test/x?a=1&b=2' --origin https://page.test -X POST "
                     "-H 'X-Api-Key: x' -H 'Content-Type: application/json'")


@pytest.mark.parametrize("key", ["CORS104", "cors104", "104", "invalid-allow-origin-value"])
def test_get_accepts_every_spelling(key: str) -> None:
    assert knowledge.get(key).code == "CORS104"


def test_get_unknown_code() -> None:
    with pytest.raises(KeyError):
        knowledge.get("CORS999")


def test_render_doc_sections() -> None:
    text = knowledge.render_doc("CORS201")
    for heading in ("Root cause:", "Where to look", "Fix patterns:", "Verify:", "Spec: https://fetch.spec"):
        assert heading in text
    assert text.startswith("CORS201 preflight-invalid-status (error, preflight)\n")
    assert "Chromium PreflightInvalidStatus" in text


def test_doc_to_dict_is_json() -> None:
    data = knowledge.doc_to_dict("CORS105")
    assert json.loads(json.dumps(data)) == data
    assert data["verify"][-1]["command"].endswith("--credentials")


def test_public_all_is_sorted() -> None:
    assert knowledge.__all__ == sorted(knowledge.__all__)
