"""Differential comparison: Chromium's recorded decision against the engine's ``chromium`` profile.

A record (see ``_record``) is replayed through the engine exactly as ``corsdoctor simulate``
does — the engine sees the same scripted answers the browser got — and compared field by field:
blocked/allowed, stage, hop, ``corsError`` and ``failedParameter``, the console text, the
requests sent (kind, hop, method, ``Origin``, ``Access-Control-Request-Headers``), and the
exposed header names.  Every disagreement is either an engine bug or a Chromium departure from
the spec that the ``chromium`` profile has to encode.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Field, in the order they are reported.
COMPARED: tuple[str, ...] = (
    "allowed",
    "stage",
    "failed_hop",
    "status",
    "response_type",
    "preflight",
    "acrh",
    "preflight_origin_header",
    "final_origin_header",
    "chromium_error",
    "failed_parameter",
    "chromium_message",
    "exposed_headers",
    "requests",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Disagreement:
    scenario_id: str
    field: str
    chromium: Any
    engine: Any

    def describe(self) -> str:
        return f"{self.scenario_id}: {self.field}: chromium={self.chromium!r} engine={self.engine!r}"


def engine_view(record: dict[str, Any], profile: str = "chromium") -> dict[str, Any]:
    """The engine's decision for a record, in the same keys as the record's ``expect``."""
    from corsdoctor.conformance.scenario import decide, parse_scenario
    from corsdoctor.engine import ExchangeKind

    scenario = parse_scenario(record)
    verdict = decide(scenario, profile)
    requests = []
    for exchange in verdict.exchanges:
        wire = exchange.request
        preflight = wire.kind is ExchangeKind.PREFLIGHT
        requests.append(
            {
                "kind": "preflight" if preflight else "actual",
                "hop": wire.hop,
                "method": wire.method,
                "origin": wire.header("Origin"),
                "acrh": wire.header("Access-Control-Request-Headers") if preflight else None,
            }
        )
    return {
        "allowed": verdict.allowed,
        "stage": verdict.stage.value,
        "failed_hop": verdict.failed_hop,
        "status": verdict.status,
        "response_type": verdict.response_type,
        "preflight": verdict.preflight,
        "acrh": verdict.acrh,
        "preflight_origin_header": verdict.preflight_origin_header,
        "final_origin_header": verdict.final_origin_header,
        "chromium_error": verdict.chromium_error,
        "failed_parameter": verdict.failed_parameter,
        "chromium_message": verdict.message("chromium") or None,
        "exposed_headers": sorted(verdict.exposed_headers),
        "requests": requests,
    }


def _chromium_view(expect: dict[str, Any]) -> dict[str, Any]:
    view = {key: expect.get(key) for key in COMPARED}
    view["exposed_headers"] = sorted(expect.get("exposed_headers") or [])
    return view


def compare(record: dict[str, Any], profile: str = "chromium") -> list[Disagreement]:
    """Every field where the engine differs from what Chromium did for ``record``."""
    sid = str(record.get("id"))
    chromium = _chromium_view(record["expect"])
    engine = engine_view(record, profile)
    out = []
    for key in COMPARED:
        if key == "exposed_headers" and not chromium["allowed"]:
            continue
        if key == "requests":
            # The server log lists only what reached the wire; so does the engine.
            if chromium[key] != engine[key]:
                out.append(
                    Disagreement(scenario_id=sid, field=key, chromium=chromium[key], engine=engine[key])
                )
            continue
        if chromium[key] != engine[key]:
            out.append(Disagreement(scenario_id=sid, field=key, chromium=chromium[key], engine=engine[key]))
    return out


def read_corpus(path: Path) -> Iterator[dict[str, Any]]:
    import json

    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def summarise(disagreements: Iterable[Disagreement]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in disagreements:
        counts[d.field] = counts.get(d.field, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def main(argv: list[str] | None = None) -> int:
    """Replay a corpus through the engine; ``--write-known FILE`` rewrites the ratchet list."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(description="Replay a recorded Chromium corpus through the engine.")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--write-known", type=Path, default=None)
    parser.add_argument("--show", type=int, default=20, help="disagreements to print")
    args = parser.parse_args(argv)
    found = [d for record in read_corpus(args.corpus) for d in compare(record)]
    for d in found[: args.show]:
        print(d.describe())
    print(f"{len({d.scenario_id for d in found})} scenarios disagree: {summarise(found)}", file=sys.stderr)
    if args.write_known is not None:
        body = {
            "note": "Engine (chromium profile) vs recorded Chromium disagreements; a ratchet: remove fixed ones.",
            "disagreements": [{"id": d.scenario_id, "field": d.field} for d in found],
        }
        args.write_known.write_text(json.dumps(body, indent=0) + "\n", encoding="utf-8")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
