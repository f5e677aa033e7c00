"""The search server configuration read from the environment (no search server runs here: the index
settings and mappings modelsearch would send are checked on its real backend objects)."""

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends import get_search_backend

from home.models import HomePage
from search.search_server import search_backends

ROOT = Path(__file__).resolve().parents[2]


def build(environ):
    """The real modelsearch backend object the settings would produce (its client does not connect yet)."""
    config = dict(search_backends(environ)["default"])
    return import_module(config.pop("BACKEND")).SearchBackend(config)


def test_without_the_variable_the_site_keeps_the_database_backend():
    assert search_backends({}) == {"default": {"BACKEND": "search.backends", "SEARCH_CONFIG": "english"}}
    assert search_backends({"SEARCH_BACKEND": "database", "ELASTICSEARCH_URL": "http://es:9200"}) == search_backends({})
    assert search_backends({}) == settings.WAGTAILSEARCH_BACKENDS
    assert type(get_search_backend()).__module__.startswith("search.backends.")


def test_elasticsearch_indexes_chinese_by_icu_words_and_english_by_the_english_chain():
    backend = build({"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": "https://user:pw@es.example:9243"})
    assert type(backend).__module__ == "modelsearch.backends.elasticsearch8"
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {
        "type": "custom",
        "tokenizer": "icu_tokenizer",
        "filter": ["english_possessive_stemmer", "lowercase", "cjk_width", "english_stop", "english_stemmer"],
    }
    assert analysis["filter"]["english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert analysis["filter"]["english_stop"] == {"type": "stop", "stopwords": "_english_"}
    assert analysis["analyzer"]["edgengram_analyzer"]["tokenizer"] == "icu_tokenizer"
    # modelsearch's own analysis stays (merged, not replaced): its ngram analyzer and filters.
    assert analysis["analyzer"]["ngram_analyzer"]["filter"] == ["asciifolding", "lowercase", "ngram"]
    assert analysis["filter"]["edgengram"]["type"] == "edge_ngram"
    # Pages of both languages share one index, named with the prefix.
    assert backend.get_index_for_model(HomePage).name == "bcms_wagtailcore_page"
    assert str(backend.es.transport.node_pool.get().base_url) == "https://es.example:9243"


def test_mapping_leaves_text_fields_to_the_default_analyzer():
    backend = build({"SEARCH_BACKEND": "elasticsearch8", "ELASTICSEARCH_URL": "http://127.0.0.1:9200"})
    properties = backend.mapping_class(HomePage).get_mapping()["properties"]
    assert properties["title"]["type"] == "text" and "analyzer" not in properties["title"]
    assert properties["_all_text"] == {"type": "text"}
    assert properties["_edgengrams"]["analyzer"] == "edgengram_analyzer"
    assert properties["locale_id_filter"]["type"] == "integer"  # the search page filters by language
    json.dumps(backend.settings)  # what indices.create receives is plain JSON


def test_smartcn_and_opensearch_are_chosen_from_the_environment():
    backend = build(
        {
            "SEARCH_BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": "http://es1:9200, http://es2:9200",
            "SEARCH_CJK_ANALYZER": "SmartCN",
            "SEARCH_INDEX_PREFIX": "site2_",
        }
    )
    default = backend.settings["settings"]["analysis"]["analyzer"]["default"]
    assert default["tokenizer"] == "smartcn_tokenizer"
    assert "smartcn_stop" in default["filter"] and default["filter"][-1] == "english_stemmer"
    assert len(backend.hosts) == 2
    assert backend.get_index_for_model(HomePage).name == "site2_wagtailcore_page"

    config = search_backends({"SEARCH_BACKEND": "opensearch3", "OPENSEARCH_URL": "https://os.example"})["default"]
    assert config["BACKEND"] == "modelsearch.backends.opensearch3"
    assert config["URLS"] == ["https://os.example"]
    assert config["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]["tokenizer"] == "icu_tokenizer"


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"SEARCH_BACKEND": "solr"}, "SEARCH_BACKEND='solr' is not one of: database, elasticsearch"),
        ({"SEARCH_BACKEND": "elasticsearch"}, "SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL"),
        ({"SEARCH_BACKEND": "opensearch", "ELASTICSEARCH_URL": "http://es:9200"}, "needs OPENSEARCH_URL"),
        ({"SEARCH_BACKEND": "opensearch", "OPENSEARCH_URL": "os:9200"}, "OPENSEARCH_URL: 'os:9200' is not an http"),
        (
            {"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": "http://es:9200", "SEARCH_CJK_ANALYZER": "jieba"},
            "SEARCH_CJK_ANALYZER='jieba' is not one of: icu, smartcn",
        ),
    ],
)
def test_bad_configuration_names_the_variable(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(")):
        search_backends(environ)


def test_the_settings_module_reads_the_environment():
    """A process started with SEARCH_BACKEND set gets the search server as its default backend."""
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PYTHONPATH": str(ROOT),
        "SEARCH_BACKEND": "opensearch",
        "OPENSEARCH_URL": "http://127.0.0.1:9200",
    }
    script = "import json; from django.conf import settings; print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))"
    result = subprocess.run([sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=True)
    default = json.loads(result.stdout)["default"]
    assert default["BACKEND"] == "modelsearch.backends.opensearch2"
    assert default["URLS"] == ["http://127.0.0.1:9200"]
