"""`index_text` gives byte for byte what it gave before it was made faster (tests/search/reference_segmentation.py):
the same tokens for every document, so the index and every search result stay the same.

Run on its own over all 5,000 benchmark documents: `python tests/search/test_index_text_identity.py 5000`.
"""

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from search.segmentation import index_text  # noqa: E402
from tests.search import reference_segmentation as reference  # noqa: E402

EDGE_CASES = [
    "",
    "plain English, no Chinese at all.",
    "广",
    "广州",
    "广州市黄埔区",
    "368对 2025年 5G网络 ESG合作",
    "北京林业大学和发展中国家的确实在",
    "㐀㐁 Ext-A 龥鿕鿿 compat 豈更",  # characters jieba's own pattern leaves out
    "一\n二 三\t四，五。六",
    "中文English中文123中文",
    "的" * 50,
]


def real_texts() -> list[str]:
    texts = []
    judged = json.loads((ROOT / "search" / "judged" / "bilingual.json").read_text(encoding="utf-8"))
    for _locale, title, body in judged["docs"].values():
        texts += [title, body]
    texts += [query["q"] for query in judged["queries"]]
    for folder in (ROOT / "seeds", ROOT.parent / "shared" / "seeds"):
        texts += [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds" / "translations").rglob("*.po"))]
    return texts


def benchmark_texts(count: int) -> list[str]:
    from benchmarks.search_bench import make_docs, vocabularies

    zh, en = vocabularies()
    return [text for _locale, title, body in make_docs(count, random.Random(2024), zh, en) for text in (title, body)]


def differing(texts: list[str]) -> list[str]:
    return [text for text in texts if index_text(text) != reference.index_text(text)]


def test_edge_cases_and_real_texts_are_indexed_as_before():
    texts = EDGE_CASES + real_texts()
    assert len(texts) > 300
    assert differing(texts) == []


def test_benchmark_documents_are_indexed_as_before():
    assert differing(benchmark_texts(600)) == []


if __name__ == "__main__":
    texts = EDGE_CASES + real_texts() + benchmark_texts(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
    bad = differing(texts)
    print(f"{len(texts)} texts, {len(bad)} differ")
    sys.exit(1 if bad else 0)
