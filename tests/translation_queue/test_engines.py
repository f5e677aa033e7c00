"""Machine translation engines (issue 15, item 2): memory, then glossary, then the site's engines for what is still
empty; every machine-made segment passes the quality checks before it is filled, and stays machine-made until a
person saves it in the editor.

The engines are real HTTP clients talking to a stand-in server on 127.0.0.1 (an ephemeral port) that answers as
DeepL, LibreTranslate and an OpenAI-compatible chat API do, and records every request."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail_localize.models import StringTranslation
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import drafts, review, work
from cms.translation_queue.engines import engine_names_for_site
from cms.translation_queue.engines.openai_chat import parse_array
from cms.translation_queue.gate import open_door
from cms.translation_queue.models import GlossaryTerm
from orgs.models import OrganizationPage

from .test_review_door import put_string

QUEUE = "/admin/translation-queue/"
NUMBERS = "The centre has hosted 3,000 students since 2002."
TERM = "The university works with the China International Youth Exchange Center."
TITLE, TITLE_ZH = "Sino-Foreign Forestry Alliance", "中外林业联盟"
YOUTH = "Youth are the driving force in developing ecological civilization."
GOOD = {
    NUMBERS: "自2002年以来，该中心已接待3,000名学生。",
    TERM: "该校与中国国际青年交流中心合作。",
    YOUTH: "青年是建设生态文明的生力军。",
}
WRONG = {
    NUMBERS: "自2002年以来，该中心已接待300名学生。",  # a number changed: an error
    TERM: "该校与中国青年交流中心合作。",  # the agreed term not used
}


# --- the stand-in server ----------------------------------------------------------------------------


def deepl_keeping(table, text):
    term, english = "中国国际青年交流中心", "China International Youth Exchange Center"
    kept = f"<keep>{term}</keep>"
    if kept not in text:
        return table.get(text, "")
    return table.get(text.replace(kept, english), "").replace(term, kept)


class StandIn:
    """DeepL at /v2/translate, LibreTranslate at /translate, OpenAI chat at /v1/chat/completions.

    `answers[path]` maps an English segment to its translation (GOOD by default); `failures[path]` makes that
    path misbehave: an HTTP status, "slow" (answers after 2 s), or "garbage" (not the expected JSON)."""

    def __init__(self):
        self.requests: list[tuple[str, dict, dict]] = []
        self.answers: dict[str, dict] = {}
        self.failures: dict[str, object] = {}
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                stand_in.requests.append((self.path, dict(self.headers), body))
                failure = stand_in.failures.get(self.path)
                if failure == "slow":
                    time.sleep(2)
                if isinstance(failure, int):
                    return self.reply(failure, b'{"message": "internal error"}')
                if failure == "garbage":
                    garbage = {"/v1/chat/completions": {"choices": [{"message": {"content": "Sure! Here you go."}}]}}
                    return self.reply(200, json.dumps(garbage.get(self.path, {"oops": 1})).encode())
                table = {**GOOD, **stand_in.answers.get(self.path, {})}
                if self.path == "/v2/translate":
                    # DeepL leaves what is inside an ignored tag (<keep>, glossary terms) as it is, tag included.
                    texts = [deepl_keeping(table, text) for text in body["text"]]
                    answer = {"translations": [{"detected_source_language": "EN", "text": t} for t in texts]}
                elif self.path == "/translate":
                    answer = {"translatedText": [table.get(text, "") for text in body["q"]]}
                elif self.path == "/v1/chat/completions":
                    texts = json.loads(body["messages"][1]["content"])
                    content = "```json\n" + json.dumps([table.get(t, "") for t in texts], ensure_ascii=False) + "\n```"
                    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
                else:
                    return self.reply(404, b"{}")
                self.reply(200, json.dumps(answer, ensure_ascii=False).encode())

            def reply(self, status, payload):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def calls(self, path):
        return [body for called, _headers, body in self.requests if called == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


DEEPL, LIBRE, OPENAI = "/v2/translate", "/translate", "/v1/chat/completions"


@pytest.fixture
def stand_in():
    server = StandIn()
    yield server
    server.close()


def engines(stand_in, order="deepl,libretranslate,openai", **extra):
    """Settings naming the stand-in as every engine, in this order."""
    configured = {
        "TRANSLATION_ENGINES": order,
        "TRANSLATION_ENGINE_TIMEOUT": 0.5,
        "DEEPL_API_KEY": "test-key:fx",
        "DEEPL_API_URL": stand_in.url,
        "LIBRETRANSLATE_URL": stand_in.url,
        "OPENAI_BASE_URL": stand_in.url + "/v1",
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_MODEL": "stand-in-model",
    }
    return override_settings(**{**configured, **extra})


# --- a page to translate ------------------------------------------------------------------------------


@pytest.fixture
def task(seeded, people, commit):
    """A new English profile, claimed by the translator: its title a new glossary term (never translated on a
    page: only the glossary has it), its summary the IECC profile's (already translated: memory), three
    paragraphs only an engine can fill."""
    english = GlossaryTerm(locale=seeded["en"], term=TITLE)
    with open_door():
        english.save()
        GlossaryTerm(locale=seeded["zh"], translation_key=english.translation_key, term=TITLE_ZH).save()
    iecc = OrganizationPage.objects.get(locale=seeded["en"], slug="iecc")
    page = OrganizationPage(
        title=TITLE,
        slug="bfu",
        summary=iecc.summary,
        body=[("paragraph", f"<p>{text}</p>") for text in (NUMBERS, TERM, YOUTH)],
    )
    Page.objects.get(locale=seeded["en"], slug="organizations").add_child(instance=page)
    create_aliases_for_new_page(page)
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    task = work.TranslationTask.objects.get(source__object_id=page.translation_key, target_locale=seeded["zh"])
    work.claim(task, people["translator"])
    task.memory = iecc.get_translation(seeded["zh"]).summary
    return task


def machine_translate(client, people, task, commit):
    """The editor's "Translate with machine" button, as the translator; the message shown after it."""
    translation = drafts.ensure_translation(task)
    client.force_login(people["translator"])
    with commit():
        response = client.post(
            f"/admin/localize/translate/{translation.pk}/machine_translate/?next={QUEUE}", follow=True
        )
    assert response.status_code == 200
    return " ".join(str(message) for message in response.context["messages"])


def stored(task):
    """{English: (translation, translation type, tool)} of the task's segments."""
    rows = StringTranslation.objects.filter(locale=task.target_locale, context__object_id=task.source.object_id)
    return {row.translation_of.data: (row.data, row.translation_type, row.tool_name) for row in rows}


def sent_texts(stand_in, path):
    key = {DEEPL: "text", LIBRE: "q"}
    if path == OPENAI:
        return [t for body in stand_in.calls(path) for t in json.loads(body["messages"][1]["content"])]
    return [t for body in stand_in.calls(path) for t in body[key[path]]]


# --- the order ------------------------------------------------------------------------------------------


def test_memory_and_glossary_come_first_and_the_engine_gets_only_the_rest(stand_in, task, people, client, commit):
    with engines(stand_in, order="deepl,openai"):
        message = machine_translate(client, people, task, commit)
    result = stored(task)
    assert result[TITLE] == (TITLE_ZH, "machine", "Glossary")
    assert result[task.source.get_source_instance().summary] == (task.memory, "machine", "Translation memory")
    for english in (NUMBERS, YOUTH):
        assert result[english] == (GOOD[english], "machine", "DeepL")
    # DeepL was asked for the three paragraphs only (plus the slug or any other text left), once; OpenAI not at all.
    asked = sent_texts(stand_in, DEEPL)
    assert len(stand_in.calls(DEEPL)) == 1
    assert TITLE not in asked and task.source.get_source_instance().summary not in asked
    assert NUMBERS in asked and YOUTH in asked
    assert stand_in.calls(OPENAI) == []
    filled = sum(1 for data, kind, tool in result.values() if kind == "machine")
    assert f"filled {filled} of" in message and "Filled by: Translation memory 1, Glossary 1, DeepL" in message
    task.refresh_from_db()
    assert task.segments_machine == filled


def test_each_engine_gets_only_what_the_one_before_left_empty(stand_in, task, people, client, commit):
    stand_in.answers[DEEPL] = {YOUTH: ""}  # DeepL has nothing for one segment
    with engines(stand_in, order="deepl,libretranslate"):
        machine_translate(client, people, task, commit)
    assert sent_texts(stand_in, LIBRE) == [YOUTH]
    assert stored(task)[YOUTH] == (GOOD[YOUTH], "machine", "LibreTranslate")


def test_the_sites_own_order_is_used(stand_in, task, people, client, commit):
    site = task.source.get_source_instance().get_site()
    assert engine_names_for_site(site) == []  # nothing configured in the test settings
    with engines(stand_in, order="deepl,openai", TRANSLATION_ENGINES_BY_SITE=f"{site.hostname}=openai"):
        assert engine_names_for_site(site) == ["openai"]
        machine_translate(client, people, task, commit)
    assert stand_in.calls(DEEPL) == [] and len(stand_in.calls(OPENAI)) == 1
    assert stored(task)[YOUTH][2] == "OpenAI-compatible chat"


@pytest.mark.parametrize(
    "configuration",
    [
        {},  # no engine named, none configured: the test settings
        {"TRANSLATION_ENGINES": "deepl,libretranslate,openai"},  # named, but no keys or addresses
        "site-none",  # configured, but this site says none
    ],
)
def test_no_engine_is_called_unless_named_and_configured(stand_in, task, people, client, commit, configuration):
    if configuration == "site-none":
        hostname = task.source.get_source_instance().get_site().hostname
        settings = engines(stand_in, TRANSLATION_ENGINES_BY_SITE=f"{hostname}=none")
    else:
        settings = override_settings(**configuration)
    with settings:
        message = machine_translate(client, people, task, commit)
    assert stand_in.requests == []
    assert NUMBERS not in stored(task)  # memory and glossary still work
    assert "filled 2 of" in message and "failed" not in message


# --- the glossary reaches the engine --------------------------------------------------------------------


def test_agreed_terms_are_sent_to_deepl_and_to_the_chat_model(stand_in, task, people, client, commit):
    with engines(stand_in, order="deepl"):
        machine_translate(client, people, task, commit)
    body = stand_in.calls(DEEPL)[0]
    assert "The university works with the <keep>中国国际青年交流中心</keep>." in body["text"]
    assert body["ignore_tags"] == ["keep"] and body["tag_handling"] == "xml"
    assert (body["source_lang"], body["target_lang"]) == ("EN", "ZH-HANS")
    assert stand_in.requests[0][1]["Authorization"] == "DeepL-Auth-Key test-key:fx"

    StringTranslation.objects.filter(context__object_id=task.source.object_id, locale=task.target_locale).delete()
    with engines(stand_in, order="openai"):
        machine_translate(client, people, task, commit)
    system = stand_in.calls(OPENAI)[0]["messages"][0]["content"]
    assert "China International Youth Exchange Center => 中国国际青年交流中心" in system
    assert "Ministry of Education" not in system  # only the terms of these segments
    assert stand_in.calls(OPENAI)[0]["model"] == "stand-in-model"
    assert stored(task)[TERM] == (GOOD[TERM], "machine", "OpenAI-compatible chat")


def test_a_deepl_glossary_id_is_passed_instead_of_marked_terms(stand_in, task, people, client, commit):
    with engines(stand_in, order="deepl", DEEPL_GLOSSARY_ID="def3a26b-3e84-45b3-84ae-0c0aaf3525f7"):
        machine_translate(client, people, task, commit)
    body = stand_in.calls(DEEPL)[0]
    assert body["glossary_id"] == "def3a26b-3e84-45b3-84ae-0c0aaf3525f7" and TERM in body["text"]


# --- the checks on machine output ---------------------------------------------------------------------


def test_output_failing_a_check_is_not_filled_and_the_message_says_why(stand_in, task, people, client, commit):
    stand_in.answers[LIBRE] = WRONG
    with engines(stand_in, order="libretranslate"):
        message = machine_translate(client, people, task, commit)
    result = stored(task)
    assert NUMBERS not in result and TERM not in result
    assert result[YOUTH] == (GOOD[YOUTH], "machine", "LibreTranslate")
    assert "Not filled because the machine translation failed the quality checks" in message
    assert "Numbers differ between the source and the translation. 3,000 ≠ 300 (1)" in message
    assert "An agreed glossary term is not used." in message and "中国国际青年交流中心 (1)" in message


def test_a_rejected_answer_goes_to_the_next_engine(stand_in, task, people, client, commit):
    stand_in.answers[DEEPL] = WRONG
    with engines(stand_in, order="deepl,openai"):
        message = machine_translate(client, people, task, commit)
    assert sorted(sent_texts(stand_in, OPENAI)) == sorted([NUMBERS, TERM])
    result = stored(task)
    assert result[NUMBERS] == (GOOD[NUMBERS], "machine", "OpenAI-compatible chat")
    assert result[TERM] == (GOOD[TERM], "machine", "OpenAI-compatible chat")
    assert "Not filled" not in message


# --- failing engines --------------------------------------------------------------------------------------


def test_failing_engines_fall_through_and_the_translator_is_told_which(stand_in, task, people, client, commit):
    stand_in.failures = {DEEPL: 500, LIBRE: "slow"}
    with engines(stand_in):
        message = machine_translate(client, people, task, commit)
    assert "DeepL failed and was skipped (answered HTTP 500)." in message
    assert "LibreTranslate failed and was skipped (no answer within 0.5 s)." in message
    assert stored(task)[NUMBERS] == (GOOD[NUMBERS], "machine", "OpenAI-compatible chat")


def test_when_every_engine_fails_the_view_still_answers_with_what_went_wrong(stand_in, task, people, client, commit):
    stand_in.failures = {DEEPL: "garbage", OPENAI: "garbage"}
    with engines(stand_in, order="deepl,libretranslate,openai", LIBRETRANSLATE_URL="http://127.0.0.1:9"):
        message = machine_translate(client, people, task, commit)
    assert "DeepL failed and was skipped (answered without a list of translations)." in message
    assert "LibreTranslate failed and was skipped (could not be reached (ConnectionError))." in message
    assert "OpenAI-compatible chat failed and was skipped (did not answer a JSON array of" in message
    assert "filled 2 of" in message  # memory and glossary
    assert NUMBERS not in stored(task)


def test_the_queues_prefill_button_reports_the_same(stand_in, task, people, client, commit):
    stand_in.failures = {DEEPL: 503}
    client.force_login(people["translator"])
    with engines(stand_in, order="deepl"), commit():
        response = client.post(f"{QUEUE}{task.pk}/prefill/", follow=True)
    html = response.content.decode()
    assert "Prefilled 2 of" in html and "DeepL failed and was skipped (answered HTTP 503)." in html


def test_a_chat_models_array_is_found_in_prose_fences_or_an_object():
    assert parse_array('Here:\n```json\n["一", "二"]\n```\nDone.', 2) == ["一", "二"]
    assert parse_array('{"translations": ["一"]}', 1) == ["一"]
    assert parse_array('The translations are ["一", null].', 2) == ["一", None]
    with pytest.raises(Exception, match="did not answer a JSON array of 2 translations"):
        parse_array("一 and 二", 2)


# --- machine-made until a person confirms -------------------------------------------------------------------


def test_machine_segments_stay_machine_made_until_a_person_saves_them(stand_in, task, people, client, commit):
    with engines(stand_in, order="deepl"):
        machine_translate(client, people, task, commit)
    rows = {row.source: row for row in review.segment_rows(task)}
    assert rows[YOUTH].machine and rows[NUMBERS].machine
    task.refresh_from_db()
    machine_before = task.segments_machine
    # The review screen says which segments a machine made, and which machine.
    review_url = f"{QUEUE}{task.pk}/review/"
    html = client.get(review_url).content.decode()
    assert html.count("machine-made · DeepL") == 3 and html.count("machine-made · Glossary") == 1

    # The editor: "Translated with DeepL on …" until the translator saves the segment (unchanged here).
    body_paths = {row.source: row.path for row in review.segment_rows(task)}
    with commit():
        response = put_string(client, task, body_paths[YOUTH], GOOD[YOUTH])
    assert response.status_code == 200 and "Translated manually" in response.json()["comment"]
    assert stored(task)[YOUTH] == (GOOD[YOUTH], "manual", "")
    rows = {row.source: row for row in review.segment_rows(task)}
    assert not rows[YOUTH].machine and rows[NUMBERS].machine
    assert client.get(review_url).content.decode().count("machine-made · DeepL") == 2
    work.refresh(task)  # the queue row's figure (the signal's batch runs at a real commit)
    assert task.segments_machine == machine_before - 1


def test_deepl_is_sent_at_most_50_texts_a_request(stand_in):
    from cms.translation_queue.engines.deepl import DeepL

    answers = DeepL({"api_key": "k", "api_url": stand_in.url}).translate([YOUTH] * 60 + [NUMBERS], "en", "zh-hans", [])
    assert [len(body["text"]) for body in stand_in.calls(DEEPL)] == [50, 11]
    assert answers == [GOOD[YOUTH]] * 60 + [GOOD[NUMBERS]]
