"""Who to look at, per request and per root cause and host, from the headers a HAR recorded.

Header facts: CloudFront answers with ``Via: 1.1 <id>.cloudfront.net (CloudFront)`` and
``X-Amz-Cf-Id``; nginx writes ``Server: nginx/<version>``; Cloudflare ``CF-Ray``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from harbuild import API, entry, har, origin_hdr

from corsdoctor import knowledge
from corsdoctor.cli.main import main

CDN_API = "https://cdn.example.test"
CLOUDFRONT = [("Via", "1.1 2b5e.cloudfront.net (CloudFront)"), ("X-Amz-Cf-Id", "q1w2e3r4t5==")]


def _write(tmp_path: Path) -> Path:
    entries = [
        # through nginx: no Access-Control-Allow-Origin at all (CORS101)
        entry("chrome", "GET", f"{API}/a", origin_hdr(), 200, [("Server", "nginx/1.22.1")], second=1),
        entry("chrome", "GET", f"{API}/b", origin_hdr(), 200, [("Server", "nginx/1.22.1")], second=2),
        # through CloudFront: the value of another origin (CORS102)
        entry("chrome", "GET", f"{CDN_API}/c", origin_hdr(), 200,
              [("Access-Control-Allow-Origin", "https://other.example.org"), *CLOUDFRONT], second=3),
        # through Cloudflare: no header either (CORS101, another host)
        entry("chrome", "GET", f"{CDN_API}/d", origin_hdr(), 200, [("CF-Ray", "8a1b2c3d4e5f-FRA")], second=4),
    ]
    path = tmp_path / "layers.har"
    path.write_text(json.dumps(har("chrome", entries)), encoding="utf-8")
    return path


def _run(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["har", str(path), "--format", fmt]) == 1
    return capsys.readouterr().out


def test_json_names_the_layer_per_request_and_per_host(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_run(_write(tmp_path), "json", capsys))
    by_path = {r["url"].rsplit("/", 1)[1]: r for r in data["requests"]}
    first = by_path["a"]["owners"][0]
    assert (first["owner"], first["product"]) == ("reverse proxy", "nginx")
    assert first["evidence"] == ["Server: nginx/1.22.1 (actual response)"]
    assert by_path["a"]["where_to_look"].startswith("reverse proxy (nginx): nginx is in front of the app")
    assert by_path["a"]["fix"]["summary"].startswith("[nginx]")
    cdn = by_path["c"]["owners"][0]
    assert (cdn["owner"], cdn["product"]) == ("CDN", "CloudFront")
    assert cdn["evidence"] == [f"{n}: {v} (actual response)" for n, v in CLOUDFRONT]
    assert by_path["c"]["fix"]["summary"].startswith("[CloudFront]")
    assert by_path["d"]["owners"][0]["product"] == "Cloudflare"
    missing = next(g for g in data["summary"] if g["code"] == "CORS101")
    assert [(h["host"], h["count"], h["owners"][0]) for h in missing["hosts"]] == [
        ("api.example.test", 2, "reverse proxy (nginx)"), ("cdn.example.test", 1, "CDN (Cloudflare)")]
    assert missing["hosts"][0]["evidence"] == ["Server: nginx/1.22.1 (actual response)"]
    assert missing["where_to_look"].startswith("reverse proxy (nginx): ")


def test_text_markdown_and_html_list_the_owners(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path)
    text = _run(path, "text", capsys)
    assert "    look at (most likely first):\n      1. reverse proxy (nginx): nginx is in front" in text
    assert "         $ grep -rnE \"add_header +Access-Control" in text
    assert "        api.example.test (2): look at reverse proxy (nginx), then " in text
    markdown = _run(path, "markdown", capsys)
    assert "  1. **CDN (CloudFront)**: CloudFront answers from its edge" in markdown
    assert "  - `cdn.example.test` (1): look at CDN (Cloudflare)" in markdown
    page = _run(path, "html", capsys)
    assert "<li><b>reverse proxy (nginx)</b>: nginx is in front of the app" in page
    assert "<li>api.example.test (2): look at reverse proxy (nginx), then" in page


def test_without_layer_headers_the_codes_defaults_remain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = har("chrome", [entry("chrome", "GET", f"{API}/x", origin_hdr(), 200, [("Content-Type", "text/plain")])])
    path = tmp_path / "plain.har"
    path.write_text(json.dumps(doc), encoding="utf-8")
    data = json.loads(_run(path, "json", capsys))
    owners = data["requests"][0]["owners"]
    assert owners[0]["owner"] == "app middleware" and owners[0]["product"] is None and owners[0]["evidence"] == []
    defaults = knowledge.get("CORS101").where_to_look
    assert owners[0]["why"] == defaults[0].what
    assert [o["owner"] for o in owners] == list(dict.fromkeys(p.owner.value for p in defaults))
