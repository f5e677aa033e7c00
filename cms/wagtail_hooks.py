from wagtail import hooks

from cms.rich_text import LocalizedPageLinkHandler


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own "page" link type
def localized_page_links(features):
    features.register_link_type(LocalizedPageLinkHandler)
