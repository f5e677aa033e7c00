"""What the queue translates, asked of Wagtail rather than named: translatable pages and snippets."""

from __future__ import annotations

from wagtail.models import Page, TranslatableMixin, get_translatable_models


def translatable_page_models() -> list[type]:
    return [model for model in get_translatable_models() if issubclass(model, Page)]


def translatable_snippet_models() -> list[type]:
    """Registered snippets that are translatable (topics, glossary terms, … whatever the site registers)."""
    from wagtail.snippets.models import get_snippet_models

    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def is_translatable_snippet(instance) -> bool:
    return isinstance(instance, TranslatableMixin) and not isinstance(instance, Page)


def page_kinds() -> list[str]:
    """Model labels of translatable pages ("orgs.organizationpage", …), as task.content_kind stores them."""
    return [model._meta.label_lower for model in translatable_page_models()]
