"""How far PostgreSQL's RUM path ranks like ts_rank, and at what cost (search.backends.rum).

    .venv/bin/python benchmarks/rum_ranking.py [--docs 5000] [--exact-up-to 0,1000] [--reuse]

Indexes search_bench.py's synthetic documents (in a database of its own, `rum_ranking_<docs>`; `--reuse`
keeps one built by an earlier run: 50,000 documents take about ten minutes with the RUM index), then for
the bench's queries and 40 more words drawn from the same vocabularies: the first ten results ranked by
ts_rank alone (the index not used for order: the reference, what a server without the extension shows)
and, for each `--exact-up-to` value, by the RUM path. Prints, over the queries with more than 100
matches, the mean share of the reference's first ten that the RUM path also shows first (overlap@10),
how many have the same first result and the same ten in the same order, and median / p95 ms of count +
first page. Needs the server's `rum` extension (Debian's postgresql-<major>-rum).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import search_bench  # noqa: E402


def timed_ms(fn, runs=5):
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def prepare(args):
    database = f"rum_ranking_{args.docs}"
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{database}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    fresh = not (args.reuse and exists)
    if fresh:
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {database}"], check=True)
        subprocess.run([*psql, f"CREATE DATABASE {database}"], check=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from modelsearch.backends import get_search_backend

    from search.models import JudgedDocument

    zh, en = search_bench.vocabularies()
    if fresh:
        call_command("migrate", verbosity=0)
        docs = search_bench.make_docs(args.docs, random.Random(2024), zh, en)
        objects = JudgedDocument.objects.bulk_create(
            (JudgedDocument(key=str(i), language=loc, title=t, body=b) for i, (loc, t, b) in enumerate(docs)),
            batch_size=1000,
        )
        backend = get_search_backend("search.backends")
        with transaction.atomic():
            for offset in range(0, len(objects), 500):
                backend.add_bulk(JudgedDocument, objects[offset : offset + 500])
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return zh, en


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--exact-up-to", default="0,1000", help="comma-separated values of rum.EXACT_UP_TO")
    parser.add_argument("--reuse", action="store_true", help="keep the database an earlier run built")
    args = parser.parse_args()
    zh, en = prepare(args)

    from django.db import connection
    from modelsearch.backends import get_search_backend

    from search.backends import rum
    from search.models import JudgedDocument

    if not rum.available(connection.alias):
        sys.exit("This PostgreSQL server has no RUM index (install postgresql-<major>-rum, then migrate).")
    backend = get_search_backend("search.backends")
    rng = random.Random(7)
    queries = [(q, "zh-hans") for q in search_bench.ZH_QUERIES + search_bench.four_character_queries(zh)]
    queries += [(q, "en") for q in search_bench.EN_QUERIES + search_bench.EN_PAIRS]
    queries += [(w, "zh-hans") for w in rng.sample(zh[:3000], 20)] + [(w, "en") for w in rng.sample(en[:300], 20)]

    def first_ten(q, language):
        return [doc.pk for doc in backend.search(q, JudgedDocument.objects.filter(language=language))[:10]]

    def page_with_count(q, language):
        results = backend.search(q, JudgedDocument.objects.filter(language=language))
        return results.count(), list(results[:10])

    key = (connection.alias, connection.settings_dict["NAME"])
    rum._available[key] = False  # ts_rank alone, as on a server without the extension
    reference, reference_ms = {}, []
    for q, language in queries:
        count = backend.search(q, JudgedDocument.objects.filter(language=language)).count()
        if count > 100:
            reference[q, language] = (count, first_ten(q, language))
            reference_ms.append(timed_ms(lambda q=q, language=language: page_with_count(q, language)))
    rum._available[key] = True

    print(f"\n{args.docs} documents; {len(reference)} of {len(queries)} queries have more than 100 matches")
    print("| ranking | mean overlap@10 | lowest | same first result | same ten, same order | median ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")

    def row(label, overlaps, firsts, identical, samples):
        samples = sorted(samples)
        p95 = samples[max(0, round(len(samples) * 0.95) - 1)]
        n = len(overlaps)
        print(
            f"| {label} | {statistics.mean(overlaps):.2f} | {min(overlaps):.1f} | {firsts}/{n} | {identical}/{n} |"
            f" {statistics.median(samples):.1f} | {p95:.1f} |"
        )

    row("ts_rank alone (reference)", [1.0] * len(reference), len(reference), len(reference), reference_ms)
    default = rum.EXACT_UP_TO
    try:
        for exact_up_to in (int(value) for value in args.exact_up_to.split(",")):
            rum.EXACT_UP_TO = exact_up_to
            overlaps, firsts, identical, samples = [], 0, 0, []
            for (q, language), (_count, expected) in reference.items():
                found = first_ten(q, language)
                overlaps.append(len(set(found) & set(expected)) / len(expected))
                firsts += found[:1] == expected[:1]
                identical += found == expected
                samples.append(timed_ms(lambda q=q, language=language: page_with_count(q, language)))
            row(f"RUM, exact up to {exact_up_to:,} matches", overlaps, firsts, identical, samples)
    finally:
        rum.EXACT_UP_TO = default


if __name__ == "__main__":
    main()
