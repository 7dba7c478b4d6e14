"""Deduplication: near-duplicate stage speed, accuracy on the labelled pairs, state store size.

Run ``python -m benchmarks.dedup`` (``--quick`` for 10,000 articles instead of 100,000,
``--json`` for the figures as JSON). It prints:

* the near-duplicate stage per article (word shingles -> MinHash -> LSH query of the state
  store's bands on disk and of this run's staged buckets + confirmation -> staging) over
  synthetic articles into one growing store (delivered every 10,000 articles, as scheduled runs
  do), as a ratio to one ``lxml.html.fromstring`` of a typical fixture article page measured in
  the same run (the median of parses interleaved with the stage every 500 articles, so both
  see the same machine load; goal <= 1x); the whole dedup decision (plus normalization and
  content hash) beside it;
* recall and precision on the labelled pairs of ``fixtures/dedup/`` through the same store,
  index and confirmation the pipeline uses (goal >= 0.90 / >= 0.95), and on republications
  planted in the synthetic stream;
* the filled state store: size on disk, lookup time, and what a run pays to open it (connect
  plus the first near-duplicate lookup) in time and resident memory.

Synthetic articles are random sequences of the words of the labelled texts (so the vocabulary
and word lengths are Indonesian), 5-8 paragraphs of 40-70 words; every 100th article is a
republication of an earlier one (new lead paragraph, last paragraph cut).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import lxml.html
import numpy as np

from asnscraper.mirror import FIXTURES_DIR
from asnscraper.parsing.fingerprint import (
    DEFAULT_THRESHOLD,
    LSH_PARAMS,
    NUM_PERM,
    SHINGLE_WORDS,
    candidate_probability,
    content_hash,
    normalize_body,
    signature_bytes,
    signature_values,
)
from asnscraper.state import ArticleRecord, RunStage, StateStore

DEDUP = FIXTURES_DIR / "dedup"
PEER_PAGE = FIXTURES_DIR / "pagaralampos" / "bkpsdm-surat-edaran.html"
REPUBLISH_EVERY = 100
DELIVER_EVERY = 10_000


def load_texts() -> dict[str, str]:
    texts = {}
    for line in (DEDUP / "texts.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        body = record.get("body")
        if body is None:
            body = (DEDUP / record["file"]).read_text(encoding="utf-8")
        texts[record["id"]] = body
    return texts


def load_pairs() -> list[dict[str, Any]]:
    lines = (DEDUP / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def record_of(key: str, digest: str, values: np.ndarray) -> ArticleRecord:
    """The record the pipeline stages for a new article of Pagaralam Pos."""
    return ArticleRecord(
        key=key,
        source="pagaralampos",
        canonical_url=f"https://{key}",
        content_hash=digest,
        story_id=key,
        duplicate_of=None,
        revision=1,
        signature=signature_bytes(values),
    )


def deliver(store: StateStore, run: RunStage) -> None:
    run.emitted.update(run.records)
    run.closed = True
    store.deliver([run])


def labelled_accuracy(threshold: float = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """Recall and precision on the labelled pairs: b is looked up in a store holding a."""
    texts = load_texts()
    tp = fp = fn = tn = 0
    missed, wrong = [], []
    for pair in load_pairs():
        with StateStore.open("", threshold=threshold) as store:
            run = store.begin("pagaralampos")
            normalized = normalize_body(texts[pair["a"]])
            store.stage(run, record_of("a", content_hash(normalized), signature_values(normalized)))
            deliver(store, run)
            found = bool(store.story_matches(signature_values(normalize_body(texts[pair["b"]]))))
        name = f"{pair['a']}-{pair['b']}"
        if pair["duplicate"] and found:
            tp += 1
        elif pair["duplicate"]:
            fn += 1
            missed.append(name)
        elif found:
            fp += 1
            wrong.append(name)
        else:
            tn += 1
    return {
        "pairs": tp + fp + fn + tn,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "missed": missed,
        "false_matches": wrong,
    }


def synthetic_articles(count: int, seed: int = 7) -> tuple[list[str], dict[int, int]]:
    """``count`` bodies and {republication index: original index}."""
    words = [w for body in load_texts().values() for w in body.split()]
    rng = random.Random(seed)

    def paragraph() -> str:
        return " ".join(rng.choices(words, k=rng.randint(40, 70)))

    bodies: list[str] = []
    planted: dict[int, int] = {}
    for number in range(count):
        if number and number % REPUBLISH_EVERY == 0:
            original = rng.randrange(number)
            paragraphs = bodies[original].split("\n\n")
            bodies.append("\n\n".join([paragraph(), *paragraphs[:-1]]))
            planted[number] = original
        else:
            bodies.append("\n\n".join(paragraph() for _ in range(rng.randint(5, 8))))
    return bodies, planted


PEER_EVERY = 500


def peer_samples(repeat: int) -> list[float]:
    """Times of ``repeat`` lxml.html.fromstring parses of a typical fixture article page."""
    page = PEER_PAGE.read_bytes()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        lxml.html.fromstring(page)
        times.append(time.perf_counter() - start)
    return times


def root(number: int, planted: dict[int, int]) -> int:
    """The first article of a planted story (a republication may copy a republication)."""
    while number in planted:
        number = planted[number]
    return number


def key_of(number: int) -> str:
    return f"pagaralampos.disway.id/read/{number}"


def stage_figures(bodies: list[str], planted: dict[int, int], path: Path) -> dict[str, Any]:
    """Run every body through normalization, hash and the near-duplicate stage in order, into
    a state store at ``path`` delivered every :data:`DELIVER_EVERY` articles."""
    normalize_time = stage_time = write_time = 0.0
    found: dict[int, int] = {}
    false_matches = 0
    peer: list[float] = peer_samples(50)
    with StateStore.open(path) as store:
        run = store.begin("pagaralampos")
        for number, body in enumerate(bodies):
            if number % PEER_EVERY == 0:  # the peer is sampled all along: same machine load
                peer += peer_samples(10)
            start = time.perf_counter()
            normalized = normalize_body(body)
            digest = content_hash(normalized)
            middle = time.perf_counter()
            minhash = signature_values(normalized)
            matches = store.story_matches(minhash)
            store.stage(run, record_of(key_of(number), digest, minhash))
            end = time.perf_counter()
            normalize_time += middle - start
            stage_time += end - middle
            if matches:
                best = int(str(matches[0].key).rsplit("/", 1)[1])
                if number in planted and root(best, planted) == root(number, planted):
                    found[number] = best
                else:
                    false_matches += 1
            if (number + 1) % DELIVER_EVERY == 0 or number + 1 == len(bodies):
                start = time.perf_counter()
                deliver(store, run)
                write_time += time.perf_counter() - start
                run = store.begin("pagaralampos")
    count = len(bodies)
    return {
        "peer_s": statistics.median(peer),
        "stage_s": stage_time / count,
        "decision_s": (stage_time + normalize_time) / count,
        "write_s": write_time,
        "planted_recall": len(found) / len(planted) if planted else 1.0,
        "planted_precision": len(found) / (len(found) + false_matches)
        if found or false_matches
        else 1.0,
    }


_OPEN_PROBE = """
import json, sys, time
from pathlib import Path
from asnscraper.parsing.fingerprint import normalize_body, signature_values
from asnscraper.state import StateStore

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

probe = signature_values(normalize_body(sys.argv[2]))
before = rss_mb()
start = time.perf_counter()
with StateStore.open(sys.argv[1]) as store:
    store.story_matches(probe)
    print(json.dumps({"open_s": time.perf_counter() - start, "open_rss_mb": rss_mb() - before}))
"""


def open_figures(path: Path) -> dict[str, float]:
    """What a run pays to open the store and make its first near-duplicate lookup, measured
    in a fresh process (time, and resident memory added)."""
    probe = " ".join(load_texts().values())
    result = subprocess.run(
        [sys.executable, "-c", _OPEN_PROBE, str(path), probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(result.stdout)


def store_figures(path: Path, count: int) -> dict[str, Any]:
    """The store the stage filled: size, lookups, and the cost of opening it for a run."""
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    figures = open_figures(path)
    with StateStore.open(path) as store:
        keys = [key_of(n) for n in range(0, count, 7)]
        keys += [key_of(count + n) for n in range(len(keys))]
        start = time.perf_counter()
        for key in keys:
            store.known(key)
            store.article(key)
        lookup_s = (time.perf_counter() - start) / len(keys)
    return {
        "articles": count,
        "size_mb": size / 1e6,
        "bytes_per_article": size / count,
        "lookup_us": lookup_s * 1e6,
        **figures,
    }


def evaluate(quick: bool = False) -> dict[str, Any]:
    count = 10_000 if quick else 100_000
    bodies, planted = synthetic_articles(count)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.sqlite3"
        stage = stage_figures(bodies, planted, path)
        store = store_figures(path, count)
    store["write_s"] = stage.pop("write_s")
    peer = stage["peer_s"]
    labelled = labelled_accuracy()
    return {
        "articles": count,
        "lxml_parse_us": peer * 1e6,
        "near_duplicate_stage_us": stage["stage_s"] * 1e6,
        "near_duplicate_stage_ratio": stage["stage_s"] / peer,
        "dedup_decision_us": stage["decision_s"] * 1e6,
        "dedup_decision_ratio": stage["decision_s"] / peer,
        "labelled": {
            "pairs": labelled["pairs"],
            "recall": labelled["recall"],
            "precision": labelled["precision"],
        },
        "planted": {"recall": stage["planted_recall"], "precision": stage["planted_precision"]},
        "lsh": {
            "threshold": DEFAULT_THRESHOLD,
            "bands": LSH_PARAMS[0],
            "rows": LSH_PARAMS[1],
            "num_perm": NUM_PERM,
            "shingle_words": SHINGLE_WORDS,
            "candidate_probability_at_threshold": candidate_probability(DEFAULT_THRESHOLD),
        },
        "store": store,
        "_missed": labelled["missed"],
        "_false_matches": labelled["false_matches"],
    }


def mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(figures: dict[str, Any]) -> str:
    labelled, store, lsh = figures["labelled"], figures["store"], figures["lsh"]
    ratio = figures["near_duplicate_stage_ratio"]
    lines = [
        f"dedup benchmark: {figures['articles']:,} synthetic articles into one growing store",
        f"  lxml.html.fromstring of {PEER_PAGE.name}: {figures['lxml_parse_us']:.0f} us (peer)",
        f"  near-duplicate stage: {figures['near_duplicate_stage_us']:.0f} us/article = "
        f"{ratio:.2f}x the lxml parse (goal <= 1x: {mark(ratio <= 1)})",
        f"  whole dedup decision (+ normalize, hash): {figures['dedup_decision_us']:.0f} us = "
        f"{figures['dedup_decision_ratio']:.2f}x",
        f"  labelled pairs ({labelled['pairs']}): recall {labelled['recall']:.3f} "
        f"(goal >= 0.90: {mark(labelled['recall'] >= 0.9)}), precision "
        f"{labelled['precision']:.3f} (goal >= 0.95: {mark(labelled['precision'] >= 0.95)})",
        f"    missed: {figures['_missed'] or 'none'}; false matches: "
        f"{figures['_false_matches'] or 'none'}",
        f"  planted republications: recall {figures['planted']['recall']:.3f}, precision "
        f"{figures['planted']['precision']:.3f}",
        f"  LSH: threshold {lsh['threshold']}, {lsh['bands']} bands x {lsh['rows']} rows of "
        f"{lsh['num_perm']} permutations, {lsh['shingle_words']}-word shingles; P(candidate) "
        f"at the threshold {lsh['candidate_probability_at_threshold']:.3f}",
        f"  state store: {store['articles']:,} articles, {store['size_mb']:.1f} MB on disk "
        f"({store['bytes_per_article']:.0f} B/article), written in {store['write_s']:.1f} s "
        f"(runs of {DELIVER_EVERY:,}), lookup {store['lookup_us']:.0f} us; opening it for a run "
        f"(connect + first near-duplicate lookup) {store['open_s'] * 1e3:.1f} ms, "
        f"{store['open_rss_mb']:+.1f} MB RSS",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 articles instead of 100,000")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = evaluate(quick=args.quick)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(report(figures))


if __name__ == "__main__":
    main()
