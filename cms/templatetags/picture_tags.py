"""Wagtail's {% picture %} tag, with the filters of each spec built once per process.

Wagtail's tag builds new Filter objects on every render, and each one parses its spec into operations
again (checking every operation's arguments with `inspect`): about a millisecond for one AVIF/WebP/JPEG
picture in three widths. A filter depends on its spec alone, so the parsed filters are shared. Load this
library after `wagtailimages_tags`; the tag's syntax and output are Wagtail's.
"""

from django import template
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

from cms.images import shared_filters

register = template.Library()


class SharedFiltersPictureNode(PictureNode):
    def get_filters(self):
        return shared_filters(tuple(self.filter_specs))


@register.tag("picture")
def picture(parser, token):
    node = parse_image_tag(parser, token)
    return SharedFiltersPictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )
