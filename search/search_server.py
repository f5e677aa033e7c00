"""Which search backend the site uses, read from the environment: the database (default) or a search server.

    SEARCH_BACKEND=database                     search.backends on SQLite / PostgreSQL (the default)
    SEARCH_BACKEND=elasticsearch                Elasticsearch 8 at ELASTICSEARCH_URL (also elasticsearch7, 9)
    SEARCH_BACKEND=opensearch                   OpenSearch 2 at OPENSEARCH_URL (also opensearch3)
    SEARCH_CJK_ANALYZER=icu | smartcn           how Chinese is cut into words (default icu)
    SEARCH_INDEX_PREFIX=bcms_                   index names start with this (several sites on one cluster)

Wagtail keeps every page of both languages in one index and one set of fields, so no field knows its
language. The analyzer is therefore Elasticsearch's `english` analyzer rebuilt with a CJK-aware tokenizer
in place of `standard`: Latin words get exactly the english chain (possessive, lowercase, stop words,
Porter stemmer: "exchanges" finds "exchanged"), and Chinese runs are cut into dictionary words, by ICU
(plugin analysis-icu) or by Lucene's smart Chinese analyzer (plugin analysis-smartcn). The english
filters leave Chinese words alone (no Latin suffixes to strip, no stop words among them).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DATABASE_BACKEND = {"BACKEND": "search.backends", "SEARCH_CONFIG": "english"}

# SEARCH_BACKEND value -> (modelsearch backend module, variable holding the server's URLs)
SERVER_BACKENDS = {
    "elasticsearch": ("modelsearch.backends.elasticsearch8", "ELASTICSEARCH_URL"),
    "elasticsearch7": ("modelsearch.backends.elasticsearch7", "ELASTICSEARCH_URL"),
    "elasticsearch8": ("modelsearch.backends.elasticsearch8", "ELASTICSEARCH_URL"),
    "elasticsearch9": ("modelsearch.backends.elasticsearch9", "ELASTICSEARCH_URL"),
    "opensearch": ("modelsearch.backends.opensearch2", "OPENSEARCH_URL"),
    "opensearch2": ("modelsearch.backends.opensearch2", "OPENSEARCH_URL"),
    "opensearch3": ("modelsearch.backends.opensearch3", "OPENSEARCH_URL"),
}

# The english analyzer's filters, as Elasticsearch documents them for rebuilding it as a custom analyzer.
ENGLISH_FILTERS = {
    "english_possessive_stemmer": {"type": "stemmer", "language": "possessive_english"},
    "english_stop": {"type": "stop", "stopwords": "_english_"},
    "english_stemmer": {"type": "stemmer", "language": "english"},
}

# SEARCH_CJK_ANALYZER value -> (tokenizer, filters run before the english chain, plugin to install)
CJK_ANALYZERS = {
    # ICU's dictionary word break for Chinese; cjk_width folds full-width Latin and digits (２０２５ -> 2025).
    "icu": ("icu_tokenizer", ["cjk_width"], "analysis-icu"),
    # Lucene's HMM segmenter; smartcn_stop drops the punctuation tokens it emits.
    "smartcn": ("smartcn_tokenizer", ["smartcn_stop"], "analysis-smartcn"),
}


def index_settings(cjk: str) -> dict:
    """INDEX_SETTINGS for modelsearch (deep-merged into its own): the bilingual `default` analyzer, and
    modelsearch's autocomplete analyzer on the same tokenizer, so Chinese autocompletes by word."""
    tokenizer, cjk_filters, _plugin = CJK_ANALYZERS[cjk]
    english_chain = ["english_possessive_stemmer", "lowercase", *cjk_filters, "english_stop", "english_stemmer"]
    return {
        "settings": {
            "analysis": {
                "filter": dict(ENGLISH_FILTERS),
                "analyzer": {
                    # "default" is the analyzer of every text field that names none (title, body, _all_text).
                    "default": {"type": "custom", "tokenizer": tokenizer, "filter": english_chain},
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": tokenizer,
                        "filter": ["asciifolding", "lowercase", *cjk_filters, "edgengram"],
                    },
                },
            }
        }
    }


def _choice(environ: Mapping[str, str], name: str, choices, default: str) -> str:
    value = environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


def search_backends(environ: Mapping[str, str]) -> dict:
    """WAGTAILSEARCH_BACKENDS for this environment."""
    kind = _choice(environ, "SEARCH_BACKEND", ["database", *SERVER_BACKENDS], "database")
    if kind == "database":
        return {"default": dict(DATABASE_BACKEND)}
    module, url_variable = SERVER_BACKENDS[kind]
    urls = [url.strip() for url in environ.get(url_variable, "").split(",") if url.strip()]
    if not urls:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={kind} needs {url_variable} (the server's URL, or several, comma-separated)"
        )
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(f"{url_variable}: {url!r} is not an http:// or https:// URL")
    cjk = _choice(environ, "SEARCH_CJK_ANALYZER", list(CJK_ANALYZERS), "icu")
    return {
        "default": {
            "BACKEND": module,
            "URLS": urls,
            "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "bcms_"),
            "TIMEOUT": 10,
            "INDEX_SETTINGS": index_settings(cjk),
        }
    }
