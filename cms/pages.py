"""Page bases shared by the apps."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.i18n import SHARED_SLUG
from cms.translation_queue.gate import GuardedTranslatable, open_door


class TranslatedPage(GuardedTranslatable, Page):
    """Every content page: its translations go live only through review (cms/translation_queue/gate.py)."""

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        from cms.translation_queue.permissions import TranslatedPagePermissionTester

        return TranslatedPagePermissionTester(user, self)

    def update_aliases(self, *, revision=None, _content=None, _updated_ids=None):
        """Wagtail publishes aliases along with their source, even when the source is only scheduled;
        an alias must never be live while its source is not (no Chinese copy of an embargoed release)."""
        with open_door(), transaction.atomic():
            super().update_aliases(revision=revision, _content=_content, _updated_ids=_updated_ids)
            if not self.live:
                for alias in Page.objects.filter(alias_of=self, live=True):
                    alias.unpublish(log_action=False)


class SectionIndexPage(TranslatedPage):
    """A section of a language's home page (organizations, news): an introduction, then its children."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    override_translatable_fields = [SHARED_SLUG]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True
