"""One e-mail per publish to the translators of each language: what is new, what changed."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from .roles import translators_of

logger = logging.getLogger(__name__)


def notify_translators(changes) -> None:
    by_locale = defaultdict(list)
    for change in changes:
        by_locale[change.task.target_locale].append(change)
    queue_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("translation_queue:index")
    for locale, items in by_locale.items():
        recipients = [u.email for u in translators_of(locale) if u.email]
        if not recipients:
            continue
        with override(locale.language_code):
            lines = []
            for item in items:
                if item.is_new:
                    lines.append(
                        _("New: %(title)s (%(kind)s, %(words)s words)")
                        % {
                            "title": item.task.source_title,
                            "kind": item.task.kind_label,
                            "words": item.task.words_remaining,
                        }
                    )
                else:
                    lines.append(
                        _("Changed: %(title)s (%(count)s segments changed)")
                        % {"title": item.task.source_title, "count": item.changed_segments}
                    )
            subject = _("Translation queue: %(title)s") % {"title": items[0].task.source_title}
            body = "\n".join([*lines, "", _("Open the queue: %(url)s") % {"url": queue_url}])
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # a mail outage must not undo or break the publish that triggered it
            logger.exception("Could not mail the %s translators about %s", locale, subject)
