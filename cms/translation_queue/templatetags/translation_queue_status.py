from django import template

from ..editor_status import statuses

register = template.Library()


@register.simple_tag
def translation_statuses(instance, user):
    """Each other language's translation status of a source-language object (editor_status.py)."""
    return statuses(instance, user)
