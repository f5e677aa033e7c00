"""Search benchmark: 5,000 synthetic bilingual documents, stock modelsearch backend vs. ours, same run.

    .venv/bin/python benchmarks/search_bench.py                 # SQLite (a temporary file)
    .venv/bin/python benchmarks/search_bench.py --postgres      # PostgreSQL on 127.0.0.1 (database search_bench)

Prints indexing rate, median / p95 query time (search + count + first page of 10, as the search page
does) for two-character Chinese queries and English words, hits found, and the ratio to the stock
backend. Targets: median <= 10 ms on SQLite, <= 20 ms on PostgreSQL for two-character Chinese queries.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def vocabularies():
    """Realistic word frequencies: Chinese from jieba's dictionary (its 20,000 most frequent words),
    English from the project's source texts, both drawn Zipf-like so that a query matches a few percent
    of the documents, as on a real site, not all of them."""
    import re

    from search.segmentation import _jieba

    freq = _jieba().dt.FREQ
    zh = sorted(
        (w for w, f in freq.items() if f > 0 and len(w) > 1 and re.fullmatch(r"[\u4e00-\u9fff]+", w)),
        key=lambda w: -freq[w],
    )[:20000]
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    counts = {}
    for word in re.findall(r"[a-z]{3,}", text.lower()):
        counts[word] = counts.get(word, 0) + 1
    en = sorted(counts, key=lambda w: -counts[w])
    return zh, en


def zipf_weights(n):
    return [1 / (rank + 10) for rank in range(n)]


def make_docs(count, rng):
    zh, en = vocabularies()
    zh_weights, en_weights = zipf_weights(len(zh)), zipf_weights(len(en))
    docs = []
    for i in range(count):
        if i % 2:
            words = rng.choices(zh, zh_weights, k=120)
            docs.append(
                ("zh-hans", "".join(words[:6]), "，".join("".join(words[j : j + 8]) for j in range(6, 120, 8)) + "。")
            )
        else:
            words = rng.choices(en, en_weights, k=160)
            docs.append(("en", " ".join(words[:8]).capitalize(), " ".join(words[8:]) + "."))
    return docs


# Two-character words from common to rare, and English words of the source texts.
ZH_QUERIES = ["中国", "教育", "发展", "儿童", "交流", "青年", "合作", "学校", "广州", "黄埔"]
EN_QUERIES = ["exchange", "children", "vocational", "memorandum", "guangzhou", "cooperation"]


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


def run_backend(label, backend_path, docs, repeat):
    from django.db import connection, transaction
    from modelsearch.backends import get_search_backend

    from search.models import JudgedDocument

    backend = get_search_backend(backend_path)
    backend.reset_indexes()
    JudgedDocument.objects.all().delete()
    objs = JudgedDocument.objects.bulk_create(
        JudgedDocument(key=str(i), language=loc, title=title, body=body) for i, (loc, title, body) in enumerate(docs)
    )
    start = time.perf_counter()
    with transaction.atomic():
        for offset in range(0, len(objs), 500):
            backend.add_bulk(JudgedDocument, objs[offset : offset + 500])
    index_seconds = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def query(q, locale):
        def run():
            results = backend.search(q, JudgedDocument.objects.filter(language=locale))
            first_page = list(results[:10])
            return results.count(), first_page

        return run

    rows = {}
    for kind, queries, locale in (("zh 2-char", ZH_QUERIES, "zh-hans"), ("en word", EN_QUERIES, "en")):
        samples, hits = [], []
        for q in queries:
            query(q, locale)()  # warm
            s, (count, _first) = timed(query(q, locale), repeat)
            samples += s
            hits.append(count)
        samples.sort()
        rows[kind] = {
            "median": statistics.median(samples),
            "p95": samples[int(len(samples) * 0.95) - 1],
            "hits": sum(hits) / len(hits),
        }
    return {"label": label, "index_rate": len(docs) / index_seconds, "rows": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    if args.postgres:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "DROP DATABASE IF EXISTS search_bench"], check=True
        )
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE search_bench"], check=True)
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/search_bench"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/search_bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    docs = make_docs(args.docs, random.Random(2024))
    stock = run_backend("stock modelsearch", "modelsearch.backends.database", docs, args.repeat)
    ours = run_backend("search.backends", "search.backends", docs, args.repeat)

    print(f"\n{connection.vendor}: {args.docs} documents (half English, half Chinese), {args.repeat} runs per query")
    print(f"{'backend':<20}{'index docs/s':>14}  {'query kind':<11}{'median ms':>10}{'p95 ms':>9}{'avg hits':>10}")
    for result in (stock, ours):
        for kind, row in result["rows"].items():
            print(
                f"{result['label']:<20}{result['index_rate']:>14.0f}  {kind:<11}"
                f"{row['median']:>10.2f}{row['p95']:>9.2f}{row['hits']:>10.1f}"
            )
    for kind in ours["rows"]:
        ratio = ours["rows"][kind]["median"] / stock["rows"][kind]["median"]
        print(f"median ratio ours/stock, {kind}: {ratio:.2f}x")
    print(f"indexing rate ratio ours/stock: {ours['index_rate'] / stock['index_rate']:.2f}x")


if __name__ == "__main__":
    main()
