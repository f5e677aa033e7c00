"""Head metadata, structured data and feed autodiscovery for every page (see cms/seo.py): no queries."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from cms import seo
from cms.chrome import chrome_pages

register = template.Library()


def _share_image(request, page):
    from cms.share_images import SIZE, share_image_path

    return {
        "url": request.build_absolute_uri(share_image_path(page)),
        "width": SIZE[0],
        "height": SIZE[1],
        "alt": getattr(page, "lead_image_alt_text", "") or page.title,
    }


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def head_meta(context):
    """description, canonical, content-language, Open Graph and Twitter card tags."""
    request = context.get("request")
    page = context.get("page")
    language = get_language()
    meta = {"content_language": seo.content_language(language)}
    if request is None or not seo.is_page(page):
        return {"meta": meta}
    from news.models import NewsPage

    translations = seo.translations_of(request, page)
    image = _share_image(request, page)
    meta.update(
        description=seo.description_of(page),
        canonical=seo.canonical_url(request, page),
        title=page.seo_title or page.title,
        site_name=str(settings.WAGTAIL_SITE_NAME),
        og_type="article" if isinstance(page, NewsPage) else "website",
        og_locale=seo.og_locale(language),
        og_locale_alternates=[seo.og_locale(code) for code in translations if code != language],
        image=image,
    )
    if isinstance(page, NewsPage):
        meta["published"] = page.date.isoformat()
        if page.last_published_at:
            meta["modified"] = page.last_published_at.isoformat()
        meta["tags"] = [topic.name for topic in context.get("page_topics") or []]
    request._share_image_url = image["url"]
    return {"meta": meta}


@register.simple_tag(takes_context=True)
def structured_data(context):
    request = context.get("request")
    page = context.get("page")
    if request is None or not seo.is_page(page):
        return ""
    share = getattr(request, "_share_image_url", None) or _share_image(request, page)["url"]
    return seo.json_ld(seo.structured_data(request, page, context, share))


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context):
    """Autodiscovery links to the news feeds of the active language (and of the topic a list shows)."""
    request = context.get("request")
    if request is None:
        return {"feeds": []}
    page = context.get("page")
    sections = chrome_pages(request, page if seo.is_page(page) else None).sections
    feeds = []
    for section in sections:
        if getattr(section.specific_class, "has_feed", False):
            index = section
            for mime, label, url in section.specific_class.feed_urls(index, request):
                feeds.append({"type": mime, "title": f"{section.title} ({label})", "url": url})
            topic = context.get("topic")
            if topic is not None and seo.is_page(page) and page.pk == section.pk:
                from news.feeds import topic_feed_title

                title = topic_feed_title(section.title, topic.name)
                for mime, label, url in section.specific_class.feed_urls(index, request, topic):
                    feeds.append({"type": mime, "title": f"{title} ({label})", "url": url})
    return {"feeds": feeds}
