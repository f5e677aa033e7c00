"""What writing the search texts into FTS5 alone costs: stock modelsearch's texts against ours.

    .venv/bin/python benchmarks/fts5_floor.py [--docs 5000] [--repeat 3]

The search benchmark's documents (`search_bench.make_docs`), as stock modelsearch indexes them (title and
body as written) and as `search.backends` does (`index_text`: bigram streams and marked words), inserted
into a fresh FTS5 table of modelsearch's own shape (its own copy of the text; migration search/0010
removes that copy) in one transaction, by `executemany` in batches of 500 rows, with FTS5's default
settings and two alternatives. Best of `--repeat` runs. This is the part of SQLite indexing
that no Python of ours can shorten: the indexing target (2× stock) must fit the rest beside it.
"""

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from benchmarks.search_bench import make_docs, vocabularies  # noqa: E402
from search.segmentation import index_text  # noqa: E402

VARIANTS = {
    "default": ((), ()),
    "automerge=0, merge at the end": (
        ["INSERT INTO f(f, rank) VALUES('automerge', 0)"],
        ["INSERT INTO f(f, rank) VALUES('merge', 500)"],
    ),
    "pgsz=4000": (["INSERT INTO f(f, rank) VALUES('pgsz', 4000)"], ()),
}


def write(rows, before, after) -> float:
    with tempfile.TemporaryDirectory() as directory:
        db = sqlite3.connect(f"{directory}/fts.sqlite3", isolation_level=None)
        db.execute("CREATE VIRTUAL TABLE f USING fts5(autocomplete, body, title)")
        for sql in before:
            db.execute(sql)
        start = time.perf_counter()
        db.execute("BEGIN")
        for offset in range(0, len(rows), 500):
            batch = rows[offset : offset + 500]
            db.executemany(
                "INSERT INTO f(rowid, title, body, autocomplete) VALUES (?, ?, ?, '')",
                [(offset + n + 1, title, body) for n, (title, body) in enumerate(batch)],
            )
        db.execute("COMMIT")
        for sql in after:
            db.execute(sql)
        elapsed = time.perf_counter() - start
        db.close()
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    zh, en = vocabularies()
    docs = make_docs(args.docs, random.Random(1), zh, en)
    texts = {
        "stock": [(title, body) for _language, title, body in docs],
        "ours": [(index_text(title), index_text(body)) for _language, title, body in docs],
    }
    print(f"SQLite {sqlite3.sqlite_version}, {args.docs} documents, best of {args.repeat}\n")
    print("| texts | characters | FTS5 settings | ms |")
    print("|---|---|---|---|")
    for name, rows in texts.items():
        characters = sum(len(title) + len(body) for title, body in rows)
        for variant, (before, after) in VARIANTS.items():
            best = min(write(rows, before, after) for _ in range(args.repeat))
            print(f"| {name} | {characters / 1e6:.1f} M | {variant} | {best * 1000:.0f} |")


if __name__ == "__main__":
    main()
