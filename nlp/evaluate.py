"""The eval-nlp gate: the tagger scored on hand-labelled sentences, against pinned floors.

    python -m nlp.evaluate                      # score, print the table, exit 1 below a floor
    python -m nlp.evaluate --errors             # ... and list every miss and false contract
    python -m nlp.evaluate --update-baseline    # pin the current scores as the floors
    python -m nlp.evaluate --update-baseline --allow-regression   # ... even lower ones

Gold data lives in `data/eval/`: `contracts.jsonl` (sentences with the contracts they
report, or none: the hard negatives), `entities.jsonl` (sentences with the entities they
name) and `aliases.toml` (the cast of our invented borough). A sentence quoted from a
borough's corpus carries its `source` and is tagged with that borough's aliases file, as
the tagger would tag the whole article.

Modelled on trafilatura's `tests/eval_gate.py`: floors in `data/eval/baseline.json` with a
digest of the gold files, so an edited gold file trips the gate until the floors are pinned
again; a small epsilon for noise; lowering a floor needs `--allow-regression`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language

from nlp.model import load_nlp
from nlp.rules import DATA_DIR
from nlp.tag import tag_text

REPO = DATA_DIR.parent
EVAL_DIR = DATA_DIR / "eval"
CONTRACTS_GOLD = EVAL_DIR / "contracts.jsonl"
ENTITIES_GOLD = EVAL_DIR / "entities.jsonl"
EVAL_ALIASES = EVAL_DIR / "aliases.toml"
BASELINE = EVAL_DIR / "baseline.json"
GOLD_FILES = (CONTRACTS_GOLD, ENTITIES_GOLD, EVAL_ALIASES)
# Used when a baseline does not set its own.
DEFAULT_EPSILON = 0.01

# The scores with floors; the rest of the table is for comparison.
FLOORED = (
    "contracts.precision",
    "contracts.recall",
    "contracts.f1",
    "contracts.duration_accuracy",
    "contracts.buyer_accuracy",
    "entities.precision",
    "entities.recall",
    "entities.f1",
)
# The plain model only says PERSON or ORG; both sides are compared on that split.
MODEL_LABELS = {"PERSON": "person", "ORG": "organisation"}


class RegressionError(ValueError):
    """An update would lower a floor, and lowering was not allowed."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def scores(self, prefix: str) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {f"{prefix}.precision": precision, f"{prefix}.recall": recall, f"{prefix}.f1": f1}


@dataclass
class Report:
    scores: dict[str, float]
    digest: str
    model: str
    # One line per wrong answer, for --errors.
    errors: list[str] = field(default_factory=list)
    # Quoted sentences no longer found in their source file.
    stale: list[str] = field(default_factory=list)


def gold_digest(paths: Iterable[Path] = GOLD_FILES) -> str:
    """sha256 over the gold files' names and bytes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def aliases_for(record: dict[str, Any]) -> Path:
    """Our cast for our sentences; a quoted sentence's own borough's aliases file (the
    nearest `aliases.toml` above its source) for a quoted one."""
    if "source" not in record:
        return EVAL_ALIASES
    for folder in (REPO / record["source"]).parents:
        if (folder / "aliases.toml").exists():
            return folder / "aliases.toml"
        if folder == DATA_DIR:
            break
    raise FileNotFoundError(f"no aliases.toml above {record['source']}")


def evaluate(model: str | None = None) -> Report:
    """Score our pipeline (and, for entities, the plain model) on the gold sentences."""
    contracts, entities = (
        list(srsly.read_jsonl(CONTRACTS_GOLD)),
        list(srsly.read_jsonl(ENTITIES_GOLD)),
    )
    pipelines: dict[Path, Language] = {}
    for record in [*contracts, *entities]:
        path = aliases_for(record)
        if path not in pipelines:
            pipelines[path] = load_nlp(model, aliases=[path])
    nlp = pipelines[EVAL_ALIASES]
    report = Report(
        scores={},
        digest=gold_digest(),
        model=f"{nlp.meta['lang']}_{nlp.meta['name']}/{nlp.meta['version']}",
        stale=[r["source"] for r in contracts if "source" in r and not _quoted(r)],
    )
    report.scores.update(_score_contracts(pipelines, contracts, report.errors))
    report.scores.update(_score_entities(pipelines, entities, report.errors))
    return report


def _quoted(record: dict[str, Any]) -> bool:
    source = REPO / record["source"]
    return source.exists() and record["text"] in source.read_text(encoding="utf-8")


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def _score_contracts(
    pipelines: dict[Path, Language], records: list[dict[str, Any]], errors: list[str]
) -> dict[str, float]:
    """A found contract is right when its supplier and value are; its duration and buyer
    are then scored on their own, as the share of right contracts that have them right."""
    counts = Counts()
    durations = buyers = 0
    for record in records:
        found = tag_text(pipelines[aliases_for(record)], record["text"])["contracts"]
        unmatched = list(record["contracts"])
        for contract in found:
            gold = next(
                (
                    g
                    for g in unmatched
                    if g["supplier"] == contract["supplier"]
                    and _same_value(g["value_gbp"], contract["value_gbp"])
                ),
                None,
            )
            if gold is None:
                counts.fp += 1
                errors.append(f"contract  false  {_brief(contract)} | {record['text']}")
                continue
            unmatched.remove(gold)
            counts.tp += 1
            durations += _same_duration(gold["duration_years"], contract["duration_years"])
            buyers += gold["buyer"] == contract["buyer"]
            if not _same_duration(gold["duration_years"], contract["duration_years"]):
                errors.append(
                    f"duration  {contract['duration_years']} for {gold['duration_years']} "
                    f"| {record['text']}"
                )
            if gold["buyer"] != contract["buyer"]:
                errors.append(
                    f"buyer     {contract['buyer']} for {gold['buyer']} | {record['text']}"
                )
        counts.fn += len(unmatched)
        errors += [f"contract  missed {_brief(g)} | {record['text']}" for g in unmatched]
    scores = counts.scores("contracts")
    scores["contracts.duration_accuracy"] = durations / counts.tp if counts.tp else 1.0
    scores["contracts.buyer_accuracy"] = buyers / counts.tp if counts.tp else 1.0
    return scores


def _same_duration(gold: float | None, found: float | None) -> bool:
    if gold is None or found is None:
        return gold is found
    return _same_value(gold, found)


def _brief(contract: dict[str, Any]) -> str:
    return f"{contract['supplier']} £{contract['value_gbp']:,.0f}"


def _score_entities(
    pipelines: dict[Path, Language], records: list[dict[str, Any]], errors: list[str]
) -> dict[str, float]:
    """Ours by (canonical, type); ours and the plain model by (name, person|organisation)."""
    typed, coarse, plain = Counts(), Counts(), Counts()
    for record in records:
        nlp = pipelines[aliases_for(record)]
        gold = {(name, label) for name, label in record["entities"]}
        found = {(e["canonical"], e["label"]) for e in tag_text(nlp, record["text"])["entities"]}
        typed.add(found, gold)
        coarse.add({_coarse(e) for e in found}, {_coarse(e) for e in gold})
        plain.add(_plain_entities(nlp, record["text"]), {_coarse(e) for e in gold})
        errors += [
            f"entity    false  {name} ({label}) | {record['text']}" for name, label in found - gold
        ]
        errors += [
            f"entity    missed {name} ({label}) | {record['text']}" for name, label in gold - found
        ]
    return {
        **typed.scores("entities"),
        **coarse.scores("entities_coarse"),
        **plain.scores("plain_model"),
    }


def _coarse(entity: tuple[str, str]) -> tuple[str, str]:
    name, label = entity
    return name, "person" if label == "person" else "organisation"


def _plain_entities(nlp: Language, text: str) -> set[tuple[str, str]]:
    """What the model says without any of our components (they all carry our prefix)."""
    ours = [name for name in nlp.pipe_names if name.startswith("localwatch_")]
    with nlp.select_pipes(disable=ours):
        doc = nlp(text)
    return {(ent.text, MODEL_LABELS[ent.label_]) for ent in doc.ents if ent.label_ in MODEL_LABELS}


def read_baseline(path: Path = BASELINE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def check(scores: dict[str, float], baseline: dict[str, Any], digest: str) -> list[str]:
    """Why the gate fails: gold files changed since the floors were pinned, or a score is
    below its floor by more than the epsilon. Empty when it passes."""
    if not baseline:
        return ["no baseline: run `python -m nlp.evaluate --update-baseline`"]
    failures = []
    if baseline["digest"] != digest:
        failures.append(
            f"gold files changed since the floors were pinned (digest {digest[:12]}, pinned "
            f"{baseline['digest'][:12]}): check the scores, then --update-baseline"
        )
    epsilon = baseline.get("epsilon", DEFAULT_EPSILON)
    for metric, floor in baseline["floors"].items():
        if scores[metric] < floor - epsilon:
            failures.append(f"{metric} {scores[metric]:.3f} is below its floor {floor:.3f}")
    return failures


def updated_baseline(
    report: Report, baseline: dict[str, Any], *, allow_regression: bool = False
) -> dict[str, Any]:
    """The current scores pinned as floors, under the current digest. Raises
    RegressionError if a floor would go down and `allow_regression` is not set."""
    floors = {metric: round(report.scores[metric], 4) for metric in FLOORED}
    lowered = [
        f"{metric} {old:.4f} -> {floors[metric]:.4f}"
        for metric, old in baseline.get("floors", {}).items()
        if metric in floors and floors[metric] < old
    ]
    if lowered and not allow_regression:
        raise RegressionError(
            "refusing to lower floors without --allow-regression: " + "; ".join(lowered)
        )
    return {
        "digest": report.digest,
        "epsilon": baseline.get("epsilon", DEFAULT_EPSILON),
        "model": report.model,
        "floors": floors,
    }


def table(report: Report, baseline: dict[str, Any]) -> str:
    floors = baseline.get("floors", {})
    epsilon = baseline.get("epsilon", DEFAULT_EPSILON)
    lines = [
        f"Localwatch NLP evaluation: model {report.model}, gold digest {report.digest[:12]}",
        "",
        f"{'':34}{'precision':>10}{'recall':>8}{'f1':>8}",
    ]
    rows = {
        "contracts (supplier + value)": "contracts",
        "entities, ours (name, type)": "entities",
        "entities, ours (name, person|org)": "entities_coarse",
        "entities, plain model (same split)": "plain_model",
    }
    for title, prefix in rows.items():
        p, r, f = (report.scores[f"{prefix}.{m}"] for m in ("precision", "recall", "f1"))
        lines.append(f"{title:34}{p:>10.3f}{r:>8.3f}{f:>8.3f}")
    lines.append(
        f"{'contracts: duration right':34}{report.scores['contracts.duration_accuracy']:>10.3f}"
    )
    lines.append(f"{'contracts: buyer right':34}{report.scores['contracts.buyer_accuracy']:>10.3f}")
    lines += ["", f"{'floor (epsilon ' + str(epsilon) + ')':34}{'score':>10}{'floor':>8}"]
    for metric in FLOORED:
        floor = floors.get(metric)
        mark = "" if floor is None or report.scores[metric] >= floor - epsilon else "  BELOW"
        pinned = f"{floor:>8.3f}" if floor is not None else f"{'-':>8}"
        lines.append(f"{metric:34}{report.scores[metric]:>10.3f}{pinned}{mark}")
    lines += [f"warning: sentence no longer in {source}" for source in report.stale]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nlp.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--update-baseline", action="store_true", help="pin the current scores")
    parser.add_argument(
        "--allow-regression", action="store_true", help="let --update-baseline lower a floor"
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong answer")
    parser.add_argument("--model", help="spaCy model to load (default: as the tagger picks)")
    args = parser.parse_args(argv)
    if args.allow_regression and not args.update_baseline:
        parser.error("--allow-regression only applies with --update-baseline")
    report = evaluate(args.model)
    baseline = read_baseline()
    if args.update_baseline:
        try:
            baseline = updated_baseline(report, baseline, allow_regression=args.allow_regression)
        except RegressionError as error:
            print(error, file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    print(table(report, baseline))
    if args.errors:
        print("", *sorted(report.errors), sep="\n")
    failures = check(report.scores, baseline, report.digest)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
