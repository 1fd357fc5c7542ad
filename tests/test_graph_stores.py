"""The same tests pass whichever store holds the graph: the answer-level test files run again
with the graph in a merged Oxigraph store (the curated graph plus external triples, read through
oxrdflib) instead of the curated rdflib Dataset. Only tests about the Dataset itself (its per-file
named graphs) are left out there, by their ``dataset_only`` mark."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ANSWER_TESTS = [
    "test_coverage.py", "test_diagrams.py", "test_events.py", "test_fastquery.py",
    "test_ladder.py", "test_load.py", "test_network.py", "test_queries.py", "test_resolve.py",
    "test_seed_article.py", "test_stores.py", "test_tables.py",
]  # fmt: skip


def test_the_answer_tests_pass_on_a_merged_oxigraph_store(tmp_path):
    environment = {**os.environ, "REGIONGRAPH_CACHE": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--graph-store",
         "oxigraph", *(str(TESTS / name) for name in ANSWER_TESTS)],
        capture_output=True, text=True, cwd=TESTS.parent, env=environment,
    )  # fmt: skip
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary, summary
    skipped = [line for line in run.stdout.splitlines() if line.startswith("SKIPPED")]
    assert all("about the curated rdflib Dataset" in line for line in skipped), skipped
