"""Search benchmark: synthetic bilingual documents, stock modelsearch backend vs. ours, same run.

    .venv/bin/python benchmarks/search_bench.py                      # SQLite (a temporary file), 5,000 docs
    .venv/bin/python benchmarks/search_bench.py --docs 50000         # SQLite, 50,000 docs
    .venv/bin/python benchmarks/search_bench.py --postgres [--docs N] # PostgreSQL on 127.0.0.1
    .venv/bin/python benchmarks/search_bench.py --profile ours       # cProfile of our indexing, top 25

Prints, per backend: indexing rate (docs/s), index size (the index-entry table, its indexes and, on
SQLite, the FTS5 tables), and median / p95 query time (search + count + first page of 10, as the search
page does) with the average hits, for two- and four-character Chinese queries and English one- and
two-word queries. Targets: p95 <= 50 ms at 50,000 documents; indexing within 2x the stock rate.

A query slower than --budget seconds (the stock backend's English queries on SQLite take seconds) is
timed fewer times: at least once after its warm-up run, so its median and p95 rest on fewer samples.
"""

import argparse
import cProfile
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BACKENDS = {
    "stock": ("stock modelsearch", "modelsearch.backends.database"),
    "ours": ("search.backends", "search.backends"),
}


def vocabularies():
    """Realistic word frequencies: Chinese from jieba's dictionary (its 20,000 most frequent words),
    English from the project's source texts, both drawn Zipf-like so that a query matches a few percent
    of the documents, as on a real site, not all of them."""
    from search.segmentation import _dictionary

    freq = _dictionary()[0]
    zh = sorted(
        (w for w, f in freq.items() if f > 0 and len(w) > 1 and re.fullmatch(r"[\u4e00-\u9fff]+", w)),
        key=lambda w: (-freq[w], w),
    )[:20000]
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    counts = {}
    for word in re.findall(r"[a-z]{3,}", text.lower()):
        counts[word] = counts.get(word, 0) + 1
    en = sorted(counts, key=lambda w: (-counts[w], w))
    return zh, en


def zipf_weights(n):
    return [1 / (rank + 10) for rank in range(n)]


def make_docs(count, rng, zh, en):
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


# Two-character words from common to rare; four-character queries are dictionary words (from common to
# rare) and two words typed together (which documents rarely hold side by side: the loose tier's case);
# English words and pairs of the source texts (pairs, too, rarely side by side: phrase, near, then anywhere).
ZH_QUERIES = ["中国", "教育", "发展", "儿童", "交流", "青年", "合作", "学校", "广州", "黄埔"]
EN_QUERIES = ["exchange", "children", "vocational", "memorandum", "guangzhou", "cooperation"]
EN_PAIRS = ["vocational education", "cultural exchange", "international cooperation", "guangzhou students"]
ZH_PAIRS = ["中国教育", "青年交流", "国际合作", "广州学校"]


def four_character_queries(zh):
    fours = [w for w in zh if len(w) == 4]
    return [fours[rank] for rank in (0, 10, 50, 200, 400, 700)] + ZH_PAIRS


def query_kinds(zh):
    return [
        ("zh 2-char", ZH_QUERIES, "zh-hans"),
        ("zh 4-char", four_character_queries(zh), "zh-hans"),
        ("en 1 word", EN_QUERIES, "en"),
        ("en 2 words", EN_PAIRS, "en"),
    ]


def timed(fn, repeat, budget):
    """Run fn once to warm up, then up to `repeat` times while the total stays under `budget` seconds."""
    start = time.perf_counter()
    fn()
    warm = time.perf_counter() - start
    samples, cpu_samples, spent = [], [], warm
    while len(samples) < repeat and (not samples or spent + warm < budget):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = fn()
        elapsed = time.perf_counter() - start
        samples.append(elapsed * 1000)
        cpu_samples.append((time.process_time() - cpu_start) * 1000)
        spent += elapsed
    return samples, cpu_samples, result


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[max(0, round(len(ordered) * p / 100) - 1)]


def index_size(connection, entry_table):
    """Bytes used by the index: the entry table with its indexes (and TOAST), plus SQLite's FTS5 tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [entry_table])
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name LIKE %s)",
                [entry_table + "%"],
            )
        return cursor.fetchone()[0] or 0


def compact(connection, entry_table):
    """Return the space the previous backend's entries held, so each size is measured from empty and each
    indexing starts from an empty index. On SQLite, deleting the entries leaves FTS5 segments that hold
    the deleted documents with markers that delete them; new segments would be merged with those."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM FULL {entry_table}")
        else:
            fts_table = f"{entry_table}_fts"
            cursor.execute(f"INSERT INTO {fts_table}({fts_table}) VALUES ('rebuild')")
            cursor.execute("VACUUM")


def forget_segmentations():
    """Empty the segmentation's per-word caches, so that every round indexes from the same start."""
    from search import segmentation

    for cached in (segmentation.parts, segmentation._word_and_parts, segmentation._marked):
        cached.cache_clear()


def index_once(key, docs, args):
    """Index the documents afresh with one backend: (seconds, CPU seconds of this process)."""
    from django.db import connection, transaction
    from modelsearch.backends import get_search_backend
    from modelsearch.conf import get_app_config

    from search.models import JudgedDocument

    entry_table = get_app_config().get_model("IndexEntry")._meta.db_table
    backend = get_search_backend(BACKENDS[key][1])
    backend.reset_indexes()
    compact(connection, entry_table)
    JudgedDocument.objects.all().delete()
    objs = JudgedDocument.objects.bulk_create(
        (JudgedDocument(key=str(i), language=loc, title=title, body=body) for i, (loc, title, body) in enumerate(docs)),
        batch_size=1000,
    )
    forget_segmentations()
    profiler = cProfile.Profile() if args.profile == key else None
    start, cpu_start = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    with transaction.atomic():
        for offset in range(0, len(objs), args.batch):
            backend.add_bulk(JudgedDocument, objs[offset : offset + args.batch])
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    # This process's CPU time: on SQLite all the indexing work, and little moved by the machine's load.
    return time.perf_counter() - start, time.process_time() - cpu_start


def run_backend(key, docs, kinds, args, timings):
    """Time the backend's queries on its index (the last round's) and report its indexing `timings`."""
    from django.db import connection
    from modelsearch.backends import get_search_backend
    from modelsearch.conf import get_app_config

    from search.models import JudgedDocument
    from search.paging import count_up_to

    label, backend_path = BACKENDS[key]
    entry_table = get_app_config().get_model("IndexEntry")._meta.db_table
    backend = get_search_backend(backend_path)
    index_seconds = statistics.median(seconds for seconds, _cpu in timings)
    index_cpu_seconds = statistics.median(cpu for _seconds, cpu in timings)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after: modelsearch updates every new row once
    size = index_size(connection, entry_table)

    def query(q, locale, count):
        def run():
            # As the search page: the count (up to search.paging.COUNTED_UP_TO, or all), then the first page.
            results = backend.search(q, JudgedDocument.objects.filter(language=locale))
            counted = count_up_to(results)[0] if count == "page" else results.count()
            return counted, list(results[:10])

        return run

    def matches(q, locale):
        """Every match, counted once per query (untimed): how broad the query is."""
        if (q, locale) not in exact_counts:
            exact_counts[q, locale] = backend.search(q, JudgedDocument.objects.filter(language=locale)).count()
        return exact_counts[q, locale]

    rows, exact_counts = {}, {}
    timed_kinds = kinds if key in args.queried.split(",") else []
    for count in args.count.split(","):
        for kind, queries, locale in timed_kinds:
            samples, cpu_samples, hits = [], [], []
            for q in queries:
                s, cpu, _result = timed(query(q, locale, count), args.repeat, args.budget)
                samples += s
                cpu_samples += cpu
                hits.append(matches(q, locale))
            rows[kind if count == "page" else f"{kind} (count all)"] = {
                "median": statistics.median(samples),
                "p95": percentile(samples, 95),
                # This process's CPU: on SQLite the whole query, and what the machine's load does not inflate.
                "cpu_median": statistics.median(cpu_samples),
                "cpu_p95": percentile(cpu_samples, 95),
                "hits": sum(hits) / len(hits),
                "samples": len(samples),
            }
    return {
        "label": label,
        "index_rate": len(docs) / index_seconds,
        "index_cpu_rate": len(docs) / index_cpu_seconds,
        "size": size,
        "rows": rows,
    }


def setup_database(args):
    if args.postgres:
        db = args.pg_database
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {db}"], check=True)
        subprocess.run([*psql, f"CREATE DATABASE {db}"], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/search_bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-database", default="search_bench", help="dropped and created afresh")
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (at most)")
    parser.add_argument("--budget", type=float, default=4.0, help="seconds per query before fewer runs")
    parser.add_argument("--batch", type=int, default=500, help="documents per add_bulk (update_index uses 500)")
    parser.add_argument("--backends", default="stock,ours", help="comma-separated: stock, ours")
    parser.add_argument(
        "--queried", default="stock,ours", help="backends whose queries are timed (the others: indexing and size)"
    )
    parser.add_argument(
        "--count",
        default="page",
        help="how queries count: page (up to 1,000, as the search page: search.paging), all, or page,all",
    )
    parser.add_argument("--profile", choices=sorted(BACKENDS), help="print a cProfile of this backend's indexing")
    parser.add_argument(
        "--rounds", type=int, default=1, help="index this many times, backends alternated; rates are the medians"
    )
    args = parser.parse_args()

    setup_database(args)
    from django.db import connection

    zh, en = vocabularies()
    docs = make_docs(args.docs, random.Random(2024), zh, en)
    kinds = query_kinds(zh)
    keys = args.backends.split(",")
    timings = {key: [] for key in keys}
    for _round in range(args.rounds):  # rounds alternate the backends: a busy moment slows both alike
        for key in keys:
            timings[key].append(index_once(key, docs, args))
    results, indexed = [], keys[-1]
    for key in keys:
        if key != indexed:  # the index holds another backend's entries: index this one's again, untimed
            index_once(key, docs, args)
            indexed = key
        results.append(run_backend(key, docs, kinds, args, timings[key]))

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"\n{version}: {args.docs} documents (half English, half Chinese), up to {args.repeat} runs per query")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} on {os.cpu_count()} cores")
    for kind, queries, _locale in kinds:
        print(f"  {kind}: {', '.join(queries)}")
    print(
        f"{'backend':<18}{'docs/s':>8}{'cpu docs/s':>11}{'index MB':>10}  {'query kind':<11}"
        f"{'median ms':>10}{'p95 ms':>9}{'cpu med':>9}{'cpu p95':>9}{'avg hits':>10}{'runs':>6}"
    )
    for result in results:
        if not result["rows"]:
            rates = f"{result['index_rate']:>8.0f}{result['index_cpu_rate']:>11.0f}"
            print(f"{result['label']:<18}{rates}{result['size'] / 1e6:>10.1f}")
        for kind, row in result["rows"].items():
            print(
                f"{result['label']:<18}{result['index_rate']:>8.0f}{result['index_cpu_rate']:>11.0f}"
                f"{result['size'] / 1e6:>10.1f}  {kind:<11}"
                f"{row['median']:>10.2f}{row['p95']:>9.2f}{row['cpu_median']:>9.2f}{row['cpu_p95']:>9.2f}"
                f"{row['hits']:>10.1f}{row['samples']:>6}"
            )
    if args.rounds > 1:
        ratios = []
        for number, rounds in enumerate(zip(*timings.values(), strict=True), 1):
            rates = ", ".join(f"{key} {len(docs) / sec:,.0f}" for key, (sec, _cpu) in zip(keys, rounds, strict=True))
            if len(rounds) == 2:  # ours' time over stock's, indexed one after the other
                ratios.append(rounds[1][0] / rounds[0][0])
            print(f"round {number}: docs/s {rates}" + (f", ratio {ratios[-1]:.2f}x" if ratios else ""))
        if ratios:
            print(f"median of the rounds' ratios: {statistics.median(ratios):.2f}x")
    if len(results) == 2:
        stock, ours = results
        print(f"indexing rate ratio stock/ours: {stock['index_rate'] / ours['index_rate']:.2f}x (target <= 2)")
        print(f"indexing CPU (this process) ratio: {stock['index_cpu_rate'] / ours['index_cpu_rate']:.2f}x")
        print(f"index size ratio ours/stock: {ours['size'] / stock['size']:.2f}x")


if __name__ == "__main__":
    main()
