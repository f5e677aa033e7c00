"""StreamField blocks shared by organization, program and news pages.

Every block renders through its own template in cms/templates/blocks/, so a page template only loops
over its stream. Text children are translatable segments for wagtail-localize; choices and images are
synchronized.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=255)
    level = blocks.ChoiceBlock(choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level"))

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Purpose", "level": "h2"}
        description = _("A section heading")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        preview_value = {"quote": "Youth are the driving force of people-to-people friendship."}
        description = _("A quotation with who said it")


class FigureBlock(blocks.StructBlock):
    """A picture with alt text (or marked decorative), caption and credit: all three words translated."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    attribution = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"
        description = _("An image with caption and credit")


class GalleryBlock(blocks.StructBlock):
    """A set of pictures shown as a grid, each with its own caption and credit."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    images = blocks.ListBlock(FigureBlock(), label=_("Images"), min_num=2)

    class Meta:
        icon = "group"
        label = _("Gallery")
        template = "blocks/gallery_block.html"
        description = _("Two or more images in a grid, each with caption and credit")


class ListItemBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"), max_length=255)
    text = blocks.TextBlock(label=_("Text"), required=False)


class SectionBlock(blocks.StructBlock):
    """A headed section of a profile: 'I. Purpose' with an introduction and a numbered list of points."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=255)
    intro = blocks.RichTextBlock(label=_("Introduction"), features=RICH_TEXT_FEATURES, required=False)
    items = blocks.ListBlock(ListItemBlock(), label=_("Points"), default=[])
    numbered = blocks.BooleanBlock(label=_("Numbered list"), required=False, default=True)

    class Meta:
        icon = "list-ol"
        label = _("Section with points")
        template = "blocks/section_block.html"
        preview_value = {
            "heading": "Main tasks",
            "intro": "<p>Its main tasks include the following:</p>",
            "items": [{"term": "Promote policy integration", "text": "Assist governments …"}],
            "numbered": True,
        }
        description = _("A heading, an introduction and a list of points with a term each")


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        template="blocks/paragraph_block.html",
        preview_value="<p>Culture is a significant medium for exchanges.</p>",
        description=_("Rich text"),
    )
    section = SectionBlock()
    quote = QuoteBlock()
    image = FigureBlock()
    gallery = GalleryBlock()
