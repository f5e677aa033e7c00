from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationQueueConfig(AppConfig):
    """The translators' queue on top of wagtail-localize: tasks, roles, review, glossary, memory."""

    name = "cms.translation_queue"
    label = "translation_queue"
    verbose_name = _("Translation queue")

    def ready(self):
        from . import ledger, notifications, signals  # noqa: F401
