"""Machine translation engines after translation memory and the glossary (docs/machine-translation.md).

    from cms.translation_queue.engines import engines_for_site

Each engine is configured from the environment (cms/settings/base.py); TRANSLATION_ENGINES gives the order,
TRANSLATION_ENGINES_BY_SITE a site's own order among them. An engine named without its settings is left out
with a logged warning, so nothing leaves the server unless it is both named and configured.
"""

from __future__ import annotations

from django.conf import settings

from .base import Engine, EngineError, logger
from .deepl import DeepL
from .libretranslate import LibreTranslate
from .openai_chat import OpenAIChat

__all__ = ["ENGINES", "Engine", "EngineError", "engine_names_for_site", "engines_for_site", "options_for"]

ENGINES: dict[str, type[Engine]] = {engine.name: engine for engine in (DeepL, LibreTranslate, OpenAIChat)}


def options_for(name: str) -> dict:
    s = settings
    return {
        "deepl": {
            "api_key": getattr(s, "DEEPL_API_KEY", ""),
            "api_url": getattr(s, "DEEPL_API_URL", ""),
            "glossary_id": getattr(s, "DEEPL_GLOSSARY_ID", ""),
        },
        "libretranslate": {
            "url": getattr(s, "LIBRETRANSLATE_URL", ""),
            "api_key": getattr(s, "LIBRETRANSLATE_API_KEY", ""),
        },
        "openai": {
            "base_url": getattr(s, "OPENAI_BASE_URL", ""),
            "api_key": getattr(s, "OPENAI_API_KEY", ""),
            "model": getattr(s, "OPENAI_MODEL", ""),
        },
    }[name]


def parse_names(value) -> list[str]:
    """ "deepl, openai" or ["deepl", "openai"] → ["deepl", "openai"]; "none" or "" → []."""
    names = value.split(",") if isinstance(value, str) else list(value or [])
    return [name.strip().lower() for name in names if name.strip() and name.strip().lower() != "none"]


def parse_site_orders(value) -> dict[str, list[str]]:
    """ "www.example.org=deepl,openai; cn.example.org=none" → {hostname: [names]} (a dict passes through)."""
    if isinstance(value, dict):
        return {host.lower(): parse_names(names) for host, names in value.items()}
    orders = {}
    for part in (value or "").split(";"):
        if "=" in part:
            host, names = part.split("=", 1)
            orders[host.strip().lower()] = parse_names(names)
    return orders


def engine_names_for_site(site=None) -> list[str]:
    """The engine names for a site: its own line in TRANSLATION_ENGINES_BY_SITE, else TRANSLATION_ENGINES;
    when TRANSLATION_ENGINES is not set, every configured engine in the order DeepL, LibreTranslate, OpenAI."""
    by_site = parse_site_orders(getattr(settings, "TRANSLATION_ENGINES_BY_SITE", ""))
    if site is not None and site.hostname.lower() in by_site:
        return by_site[site.hostname.lower()]
    order = getattr(settings, "TRANSLATION_ENGINES", None)
    if order is None or order == "":
        return [name for name, engine in ENGINES.items() if engine.configured(options_for(name))]
    return parse_names(order)


def engines_for_site(site=None) -> list[Engine]:
    engines = []
    for name in engine_names_for_site(site):
        engine_class = ENGINES.get(name)
        if engine_class is None:
            logger.warning("Unknown translation engine %r in the settings; known: %s", name, ", ".join(ENGINES))
            continue
        options = options_for(name)
        if not engine_class.configured(options):
            logger.warning("Translation engine %r is named but not configured: left out", name)
            continue
        engines.append(engine_class(options))
    return engines
