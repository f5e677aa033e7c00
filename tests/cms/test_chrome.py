"""The site's chrome in both languages: footer contacts, a switcher that keeps the query string,
Chinese names for organizations, headings that never end on a lone character."""

import re

from cms.templatetags.site_tags import keep_together
from orgs.models import OrganizationPage


def test_switcher_and_footer_keep_the_query_string(client, seeded):
    html = client.get("/en/news/?topic=education").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert 'href="http://testserver/zh-hans/news/?topic=education"' in switcher
    assert 'href="http://testserver/zh-hans/news/?topic=education" hreflang="zh-hans"' in html.split("site-footer")[1]


def test_footer_lists_contacts_as_links(client, seeded):
    footer = client.get("/zh-hans/organizations/").content.decode().split('class="site-footer"')[1]
    assert 'href="tel:+861066514910"' in footer and ">010-66514910<" in footer
    # The Chinese footer names organizations in Chinese, not by their Latin acronyms.
    assert "中国儿童中心国际交流合作中心" in footer and ">IECC<" not in footer
    assert "©" in footer


def test_footer_follows_a_published_change(client, seeded):
    client.get("/en/")  # fills the cache
    org = OrganizationPage.objects.get(locale=seeded["en"], slug="uniccc")
    org.email = "office@uniccc.example.org"
    org.save_revision().publish()
    assert 'href="mailto:office@uniccc.example.org"' in client.get("/en/").content.decode()


def test_profile_phone_numbers_are_tel_links(client, seeded):
    html = client.get("/en/organizations/cstve-international-department/").content.decode()
    contact = re.search(r'<aside class="box contact".*?</aside>', html, re.S).group(0)
    assert re.findall(r'href="(tel:[^"]+)"', contact) == ["tel:+861053656705", "tel:+861053656307", "tel:+861053656785"]
    # Contact comes before the profile's body in the page, so a phone shows it near the top.
    assert html.index('class="box contact"') < html.index('class="main-column prose"')


def test_chinese_cards_name_organizations_in_chinese(client, seeded):
    html = client.get("/zh-hans/").content.decode()
    programs = re.search(r'<section class="home-programs".*?</section>', html, re.S).group(0)
    assert "中国职业技术教育学会国际部" in programs and "CSTVE International Department" not in programs
    index = client.get("/zh-hans/organizations/").content.decode()
    assert "中国职业技术教育学会国际部 · 中国职业技术教育学会" not in index


def test_home_title_and_heading_do_not_repeat_the_site_name(client, seeded):
    html = client.get("/en/").content.decode()
    assert "<title>China–Foreign Exchange</title>" in html
    assert '<h1 class="visually-hidden">' in html


def test_keep_together_binds_the_last_two_characters():
    assert keep_together("全国首个中外人文交流教育创新区在广州成立") == (
        '全国首个中外人文交流教育创新区在广州<span class="nobr">成立</span>'
    )
    assert keep_together("合作中心。") == '合作<span class="nobr">中心。</span>'
    assert keep_together("Education Innovation Zone") == "Education Innovation Zone"
    assert keep_together("<b>中文</b>") == "&lt;b&gt;中文&lt;/b&gt;"
    assert keep_together("<b>x</b>中文") == '&lt;b&gt;x&lt;/b&gt;<span class="nobr">中文</span>'
