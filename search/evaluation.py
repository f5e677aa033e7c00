"""Search quality on a judged set: precision, recall, F1, average precision and nDCG@10 per query,
macro-averaged.

FILE format (contract): {"docs": {"id": [locale, title, body]},
                         "queries": [{"q": ..., "locale": ..., "relevant": [ids]}]}
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from search.segmentation import CJK_RUN


class JudgedSetError(ValueError):
    pass


@dataclass
class QueryResult:
    q: str
    locale: str
    relevant: list[str]
    retrieved: list[str]

    @property
    def hits(self) -> int:
        return len(set(self.retrieved) & set(self.relevant))

    @property
    def precision(self) -> float:
        return self.hits / len(self.retrieved) if self.retrieved else 0.0

    @property
    def recall(self) -> float:
        return self.hits / len(self.relevant)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def average_precision(self) -> float:
        found, total = 0, 0.0
        for rank, key in enumerate(self.retrieved, start=1):
            if key in self.relevant:
                found += 1
                total += found / rank
        return total / len(self.relevant)

    @property
    def ndcg(self) -> float:
        """nDCG@10 with binary relevance: how near the top the relevant documents are."""
        gain = sum(1 / math.log2(rank + 1) for rank, key in enumerate(self.retrieved[:10], 1) if key in self.relevant)
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(10, len(self.relevant)) + 1))
        return gain / ideal

    @property
    def chinese(self) -> bool:
        return bool(CJK_RUN.search(self.q))


@dataclass
class Report:
    results: list[QueryResult] = field(default_factory=list)

    def macro(self, results=None) -> dict[str, float]:
        results = self.results if results is None else results
        n = max(1, len(results))
        return {
            "P": sum(r.precision for r in results) / n,
            "R": sum(r.recall for r in results) / n,
            "F1": sum(r.f1 for r in results) / n,
            "MAP": sum(r.average_precision for r in results) / n,
            "nDCG@10": sum(r.ndcg for r in results) / n,
        }

    @property
    def chinese(self) -> list[QueryResult]:
        return [r for r in self.results if r.chinese]

    @property
    def english(self) -> list[QueryResult]:
        return [r for r in self.results if not r.chinese]


def load_judged_set(path: Path) -> dict:
    """Read and check a judged set; every problem names the file and the entry."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JudgedSetError(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JudgedSetError(f"{path}: not valid JSON ({exc})") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("docs"), dict)
        or not isinstance(data.get("queries"), list)
    ):
        raise JudgedSetError(f'{path}: expected {{"docs": {{...}}, "queries": [...]}}')
    for key, doc in data["docs"].items():
        if not (isinstance(doc, list) and len(doc) == 3 and all(isinstance(v, str) for v in doc)):
            raise JudgedSetError(f"{path}: docs[{key!r}] must be [locale, title, body]")
    for i, query in enumerate(data["queries"]):
        if (
            not isinstance(query, dict)
            or not isinstance(query.get("q"), str)
            or not isinstance(query.get("locale"), str)
        ):
            raise JudgedSetError(f'{path}: queries[{i}] needs "q" and "locale" strings')
        relevant = query.get("relevant")
        if not isinstance(relevant, list) or not relevant:
            raise JudgedSetError(f'{path}: queries[{i}] ({query["q"]!r}) needs a non-empty "relevant" list')
        unknown = [key for key in relevant if key not in data["docs"]]
        if unknown:
            raise JudgedSetError(f"{path}: queries[{i}] ({query['q']!r}) names unknown docs {unknown}")
    if not data["queries"]:
        raise JudgedSetError(f"{path}: no queries")
    return data


def evaluate(data: dict) -> Report:
    """Index the docs with the configured backend inside a transaction that is rolled back, then search."""
    from modelsearch.backends import get_search_backend

    from search.models import JudgedDocument

    report = Report()
    with transaction.atomic():
        documents = JudgedDocument.objects.bulk_create(
            JudgedDocument(key=key, language=locale, title=title, body=body)
            for key, (locale, title, body) in data["docs"].items()
        )
        backend = get_search_backend()
        backend.add_bulk(JudgedDocument, documents)
        for query in data["queries"]:
            results = backend.search(query["q"], JudgedDocument.objects.filter(language=query["locale"]))
            report.results.append(
                QueryResult(query["q"], query["locale"], list(query["relevant"]), [doc.key for doc in results])
            )
        transaction.set_rollback(True)
    return report
