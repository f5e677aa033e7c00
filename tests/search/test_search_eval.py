"""The judged set scores above its floors on whichever database the suite runs on (SQLite and PostgreSQL)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from modelsearch.conf import get_app_config

from search.evaluation import evaluate, load_judged_set
from search.models import JudgedDocument

JUDGED_SET = Path(__file__).resolve().parents[2] / "search" / "judged" / "bilingual.json"


@pytest.fixture(scope="module")
def judged_set():
    return load_judged_set(JUDGED_SET)


def test_judged_set_is_big_enough_and_bilingual(judged_set):
    locales = [q["locale"] for q in judged_set["queries"]]
    assert len(locales) >= 40
    assert locales.count("zh-hans") >= 20 and locales.count("en") >= 15
    traps = {q["q"] for q in judged_set["queries"]}
    assert {"中国", "实在", "确实", "发展中国家"} <= traps


def test_quality_floors(db, judged_set):
    report = evaluate(judged_set)
    overall = report.macro()
    chinese = report.macro(report.chinese)
    assert chinese["R"] == 1.0, [(r.q, r.recall) for r in report.chinese if r.recall < 1]
    assert overall["F1"] >= 0.95, overall
    assert overall["MAP"] >= 0.95, overall
    # The traps behave: 实在 is found inside 的确实在, and a real 中国 outranks 发展中国家.
    by_query = {(r.q, r.locale): r for r in report.results}
    assert "zh-syn-deque-shizai" in by_query[("实在", "zh-hans")].retrieved
    china = by_query[("中国", "zh-hans")].retrieved
    assert china.index("zh-syn-developing-countries") > 0


def test_command_prints_per_query_and_summary_and_leaves_the_database_as_it_was(db):
    entries = get_app_config().get_model("IndexEntry").objects.count()
    out = StringIO()
    call_command("search_eval", str(JUDGED_SET), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1].startswith("search_eval: P=") and " MAP=" in lines[-1]
    assert any(line.startswith("[zh-hans] '广州': ") for line in lines)
    assert JudgedDocument.objects.count() == 0
    assert get_app_config().get_model("IndexEntry").objects.count() == entries


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", 'expected {"docs"'),
        (json.dumps({"docs": {"a": ["en", "t"]}, "queries": []}), "docs['a'] must be [locale, title, body]"),
        (
            json.dumps({"docs": {"a": ["en", "t", "b"]}, "queries": [{"q": "x", "locale": "en", "relevant": ["b"]}]}),
            "names unknown docs ['b']",
        ),
        (
            json.dumps({"docs": {"a": ["en", "t", "b"]}, "queries": [{"q": "x", "locale": "en", "relevant": []}]}),
            'needs a non-empty "relevant" list',
        ),
    ],
)
def test_bad_judged_files_are_refused_with_a_clear_message(db, tmp_path, content, message):
    path = tmp_path / "set.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="set.json") as exc:
        call_command("search_eval", str(path), stdout=StringIO())
    assert message in str(exc.value)


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("search_eval", str(tmp_path / "nope.json"), stdout=StringIO())
