"""Who may do what to translated content, as Wagtail's own views ask it.

Pages: Wagtail and wagtail-localize ask `page.permissions_for_user(user)`; translated pages answer with
TranslatedPagePermissionTester. In a translated language nobody publishes, unpublishes, schedules,
deletes, moves, copies into or adds pages through Wagtail (the queue's approval and the English side do
that); only the language's translators and reviewers (and superusers) edit, i.e. translate.

Snippets: Wagtail's snippet permissions are model-wide, so the locale rule is enforced per instance by
`before_*_snippet` hooks (wagtail_hooks.py) using `may_change_snippet`.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from .gate import is_translated
from .roles import can_translate, has_any_locale_role


class TranslatedPagePermissionTester(PagePermissionTester):
    def _translated(self) -> bool:
        return not self.page_is_root and is_translated(self.page)

    def can_edit(self):
        if self._translated():
            return can_translate(self.user, self.page.locale) and super().can_edit()
        return super().can_edit()

    def _closed_when_translated(name):  # noqa: N805 - a decorator factory used in the class body
        def method(self, *args, **kwargs):
            if self._translated():
                return False
            return getattr(super(TranslatedPagePermissionTester, self), name)(*args, **kwargs)

        method.__name__ = name
        return method

    can_publish = _closed_when_translated("can_publish")
    can_unpublish = _closed_when_translated("can_unpublish")
    can_unschedule = _closed_when_translated("can_unschedule")
    can_set_view_restrictions = _closed_when_translated("can_set_view_restrictions")
    can_submit_for_moderation = _closed_when_translated("can_submit_for_moderation")
    can_delete = _closed_when_translated("can_delete")
    can_move = _closed_when_translated("can_move")
    can_add_subpage = _closed_when_translated("can_add_subpage")
    can_publish_subpage = _closed_when_translated("can_publish_subpage")
    can_reorder_children = _closed_when_translated("can_reorder_children")
    del _closed_when_translated

    def can_copy_to(self, destination, recursive=False):
        if not destination.is_root() and is_translated(destination):
            return False
        return super().can_copy_to(destination, recursive)

    def can_move_to(self, destination):
        if self._translated() or (not destination.is_root() and is_translated(destination)):
            return False
        return super().can_move_to(destination)


def may_change_snippet(user, instance) -> bool:
    """Translators and reviewers change their own language's snippets only; English ones stay with editors.

    A user in any locale role counts as an editor of source-language snippets only if a group outside the
    locale roles gives them the model permission (the roles themselves grant it for their locale).
    """
    if user.is_superuser:
        return True
    if is_translated(instance):
        return can_translate(user, instance.locale)
    if not has_any_locale_role(user):
        return True
    from .roles import has_model_permission_outside_roles

    return has_model_permission_outside_roles(user, instance)
