"""Page bases shared by the apps."""

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from cms.i18n import SHARED_SLUG
from cms.translation_queue.gate import GuardedTranslatable, open_door


class OneQueryViewRestrictions:
    """`get_view_restrictions` in one query (Wagtail's takes two: ancestors, then their restrictions).

    Runs on every page view. An alias uses its source page's restrictions, as in Wagtail. No query when
    the routing found that none applies (`known_unrestricted`, set by cms/routing.py on the page it serves).
    """

    known_unrestricted = False

    def get_view_restrictions(self):
        if self.known_unrestricted:
            return PageViewRestriction.objects.none()
        chain = Page.objects.filter(path__in=[self.path[: n * self.steplen] for n in range(1, self.depth + 1)])
        return PageViewRestriction.objects.filter(
            Q(page__in=chain.filter(alias_of__isnull=True)) | Q(page__in=chain.values("alias_of"))
        )


class TranslatedPage(OneQueryViewRestrictions, GuardedTranslatable, Page):
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


def parent_of(page, request=None):
    """The page's parent, from the routing's ancestors when the request has them (no query)."""
    ancestors = getattr(request, "_page_ancestors", {})
    parent_path = page.path[: -page.steplen]
    found = next((p for p in ancestors.values() if p.path == parent_path), None)
    return found if found is not None else page.get_parent()
