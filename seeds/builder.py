"""Build the bilingual site from the source texts: pages, topics, relations, then Chinese translations.

Everything is read and checked before the database is touched, and the build runs in one
transaction, so a bad source file leaves the database as it was. A build that would take pages,
sections or paragraphs off the site is rolled back unless removals are allowed (seeds/removals.py).
Pages are matched by slug under their parent and only re-published when their content differs, so a
second run changes nothing.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from cms.translation_queue.gate import open_door
from cms.translation_queue.models import GlossaryTerm
from cms.translation_queue.roles import ensure_locale_roles
from cms.translation_queue.work import ensure_tasks_for_site, quietly
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage, NewsPageRelatedPage, Topic
from news.workflows import ensure_news_review
from orgs.models import OrganizationIndexPage, OrganizationPage, ProgramOrganization, ProgramPage
from seeds import catalog
from seeds.glossary import GLOSSARY
from seeds.images import MEMORY as IMAGE_MEMORY
from seeds.images import SeedImages
from seeds.parsers import Document, SeedSourceError, parse_file
from seeds.po_import import TRANSLATIONS_DIR, load_memory, normalize, translate_instance
from seeds.removals import RemovalRefused, removals, site_content

DEFAULT_SOURCE_DIR = Path(__file__).resolve().parent
TARGET_LANGUAGE = "zh-hans"
# Credits in the Guangzhou release's Chinese version ("label丨value") and the fields they fill.
CHINESE_CREDIT_FIELDS = {
    "文、图": ("reporter", "photographer"),
    "翻译": ("translator",),
    "来源": ("source_publication",),
    "责编": ("editor",),
}


@dataclass
class BuildReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)
    untranslated_segments: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # what left the site (with allow_removals)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.translated)


def rich_paragraphs(paragraphs) -> str:
    return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)


def paragraph_blocks(paragraphs) -> list[tuple[str, str]]:
    """One StreamField paragraph block per paragraph: each is its own segment for translators."""
    return [("paragraph", rich_paragraphs([text])) for text in paragraphs]


def _without_ids(value):
    """StreamField prep values carry random block ids; compare content only."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def stream_signature(stream_value) -> str:
    return json.dumps(_without_ids(stream_value.get_prep_value()), sort_keys=True, ensure_ascii=False)


class SiteBuilder:
    def __init__(self, source_dir: Path | None = None, *, translations: bool = True, allow_removals: bool = False):
        self.source_dir = Path(source_dir or DEFAULT_SOURCE_DIR)
        self.with_translations = translations
        self.allow_removals = allow_removals
        self.report = BuildReport()
        self.documents: dict[str, Document] = {}
        self.memories: dict[str, dict[str, str]] = {}

    # --- reading: everything is validated before any write ------------------------------------------
    def load(self) -> None:
        if not self.source_dir.is_dir():
            raise SeedSourceError(self.source_dir, "source folder not found")
        for key, filename in catalog.SOURCE_FILES.items():
            self.documents[key] = parse_file(
                self.source_dir / filename,
                titled=key not in catalog.UNTITLED_SOURCES,
                ending=catalog.SOURCE_ENDINGS[key],
            )
        for release in catalog.RELEASES:
            if release.has_chinese:
                self._check_chinese_version(release)
        self.images = SeedImages.draw(self.documents)
        if self.with_translations:
            folder = TRANSLATIONS_DIR / "zh_Hans"
            for path in sorted(folder.glob("*.po")):
                self.memories[path.stem] = load_memory(path)

    def _check_chinese_version(self, release) -> None:
        doc = self.documents[release.source]
        path = self.source_dir / catalog.SOURCE_FILES[release.source]
        if not doc.zh_title:
            raise SeedSourceError(path, "the Chinese version (title line in Chinese) is missing")
        if len(doc.zh_paragraphs) != len(doc.paragraphs):
            raise SeedSourceError(
                path,
                f"the English version has {len(doc.paragraphs)} paragraphs but the Chinese version has "
                f"{len(doc.zh_paragraphs)}; they must match paragraph by paragraph",
            )
        unknown = [label for label, _value in doc.zh_credits if label not in CHINESE_CREDIT_FIELDS]
        if unknown:
            raise SeedSourceError(path, f"unknown credit label(s) in the Chinese version: {', '.join(unknown)}")

    # --- writing -----------------------------------------------------------------------------------
    def build(self) -> BuildReport:
        self.load()
        # No e-mails to translators for a seed: it publishes every page at once.
        # The seed publishes the project's own reviewed translations: it may open the review door.
        with quietly(), open_door(), transaction.atomic():
            before = site_content()
            with self.images.renditions_alongside():
                self._build()
            # Compared before committing: a refusal rolls the whole build back.
            self.report.removed = removals(before, site_content())
            if self.report.removed and not self.allow_removals:
                raise RemovalRefused(self.report.removed)
        return self.report

    def _build(self) -> None:
        en = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
        zh = Locale.objects.get_or_create(language_code=TARGET_LANGUAGE)[0]
        home = self._home(en)
        org_index = self._upsert(
            home,
            OrganizationIndexPage,
            "organizations",
            {
                "title": catalog.SITE["organizations_title"],
                "intro": catalog.SITE["organizations_intro"],
                "show_in_menus": True,
            },
        )
        news_index = self._upsert(
            home,
            NewsIndexPage,
            "news",
            {"title": catalog.SITE["news_title"], "intro": catalog.SITE["news_intro"], "show_in_menus": True},
        )
        orgs = {org.key: self._organization(org_index, org) for org in catalog.ORGS}
        programs = {program.key: self._program(orgs, program) for program in catalog.PROGRAMS}
        topics = {slug: self._topic(en, slug, name) for slug, name in catalog.TOPICS.items()}
        releases = {
            release.key: self._release(news_index, release, orgs, programs, topics) for release in catalog.RELEASES
        }
        # The glossary before the Chinese tree: the translation queue follows the locale synchronization
        # set up below, so the terms are queued once, by ensure_tasks_for_site, already translated
        # (queued, then completed), as the pages are, rather than step by step as they are imported.
        self._glossary(en, zh)
        # Chinese aliases for every English page (wagtail-localize locale synchronization). Set up after
        # the English tree exists, so that nothing is mirrored from Wagtail's placeholder page.
        sync, created = LocaleSynchronization.objects.get_or_create(locale=zh, defaults={"sync_from": en})
        if not created:
            sync.sync_trees()
        self._translate_all(zh, home, org_index, news_index, orgs, programs, topics, releases)
        ensure_locale_roles(zh)
        ensure_tasks_for_site()
        # The newsroom's review step, on the news index of both languages (news/workflows.py).
        indexes = [news_index, *news_index.get_translations()]
        self.report.created.extend(ensure_news_review(indexes, home))

    def _home(self, en) -> HomePage:
        root = Page.get_first_root_node()
        fields = {"title": catalog.SITE["home_title"], "intro": catalog.SITE["home_intro"]}
        home = HomePage.objects.filter(locale=en, depth=2).first()
        if home is None:
            # Wagtail's installer leaves a placeholder "Welcome" page at the top; our home replaces it.
            placeholder = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
            if placeholder is not None:
                placeholder.slug = "wagtail-welcome-placeholder"
                placeholder.save(update_fields=["slug"])
        home = self._upsert(root, HomePage, "home", fields, existing=home)
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
        if site.root_page_id != home.pk:
            site.root_page = home
            site.is_default_site = True
            site.site_name = catalog.SITE["home_title"]
            site.save()
        Page.objects.filter(depth=2, slug="wagtail-welcome-placeholder", content_type__model="page").delete()
        return home

    def _upsert(self, parent, model, slug, fields, *, relations=None, existing=None):
        """Create the page, or update it when any field or relation differs; publish a revision either way."""
        page = existing or model.objects.child_of(parent).filter(slug=slug, locale=parent.locale).first()
        if page is None:
            page = model(slug=slug, **fields)
            if relations:
                relations(page)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.created.append(page.url_path)
            return page
        changed = False
        for name, value in fields.items():
            current = getattr(page, name)
            if name == "body":
                if stream_signature(current) != stream_signature(model(body=value).body):
                    page.body = value
                    changed = True
            elif current != value:
                setattr(page, name, value)
                changed = True
        if relations and relations(page):
            changed = True
        if changed:
            page.save_revision().publish()
            self.report.updated.append(page.url_path)
        page._seed_changed = changed
        return page

    def _organization(self, index, org) -> OrganizationPage:
        fields = {
            "title": org.title,
            "short_name": org.short_name,
            "parent_body": org.parent_body,
            "founded": org.founded,
            "legal_status": org.legal_status,
            "summary": org.summary,
            "partner_countries": "\n".join(org.partner_countries),
            "website": org.website,
            "logo": self.images.logo(org.key),
        }
        if org.source:
            doc = self.documents[org.source]
            fields["body"] = profile_body(doc, page_title=org.title)
            contact = doc.contact
            fields.update(
                contact_name=contact.get("name", ""),
                address=contact.get("address", ""),
                postal_code=contact.get("postal_code", ""),
                phones=contact.get("phones", ""),
                fax=contact.get("fax", ""),
                contact_people=contact.get("contacts", ""),
                signatory_name=doc.signatory[0] if doc.signatory else "",
                signatory_title=" ".join(doc.signatory[1:]),
            )
        else:
            fields["body"] = paragraph_blocks(org.body)
        return self._upsert(index, OrganizationPage, org.slug, fields)

    def _program(self, orgs, program) -> ProgramPage:
        fields = {
            "title": program.title,
            "summary": program.summary,
            "body": paragraph_blocks(program.body),
            "audience": program.audience,
            "partner_countries": "\n".join(program.partner_countries),
            **self.images.cover_fields("program", program.key),
        }
        partners = [orgs[key] for key in program.related_orgs]

        def relations(page):
            if [rel.organization_id for rel in page.related_organizations.all()] == [o.pk for o in partners]:
                return False
            page.related_organizations = [ProgramOrganization(organization=o) for o in partners]
            return True

        return self._upsert(orgs[program.org], ProgramPage, program.slug, fields, relations=relations)

    def _topic(self, en, slug, name) -> Topic:
        topic = Topic.objects.filter(slug=slug, locale=en).first()
        if topic is None:
            topic = Topic.objects.create(slug=slug, name=name, locale=en)
            self.report.created.append(f"topic:{slug}")
            topic._seed_changed = True
        else:
            topic._seed_changed = topic.name != name
            if topic._seed_changed:
                topic.name = name
                topic.save()
                self.report.updated.append(f"topic:{slug}")
        return topic

    def _release(self, index, release, orgs, programs, topics) -> NewsPage:
        doc = self.documents[release.source]
        fields = {
            "title": doc.title,
            "date": release.date,
            "updated": doc.updated if doc.updated and doc.updated != release.date else None,
            "summary": release.summary,
            "body": paragraph_blocks(doc.paragraphs),
            **self.images.cover_fields("release", release.key),
            **{
                name: release.credits.get(name, "")
                for name in ("reporter", "photographer", "translator", "editor", "source_publication")
            },
        }
        related = [orgs[k] for k in release.related_orgs] + [programs[k] for k in release.related_programs]
        wanted_topics = [topics[slug] for slug in release.topics]

        def relations(page):
            changed = False
            if [rel.page_id for rel in page.related_pages.all()] != [p.pk for p in related]:
                page.related_pages = [NewsPageRelatedPage(page=p) for p in related]
                changed = True
            if {t.pk for t in page.topics.all()} != {t.pk for t in wanted_topics}:
                page.topics.set(wanted_topics)
                changed = True
            return changed

        return self._upsert(index, NewsPage, release.slug, fields, relations=relations)

    # --- translations ------------------------------------------------------------------------------
    def _translate_all(self, zh, home, org_index, news_index, orgs, programs, topics, releases) -> None:
        """Translate parents before children; each item: (instance, shipped PO name, release with own Chinese)."""
        work = [(topic, "topics", None) for topic in topics.values()]
        work += [(home, "site", None), (org_index, "site", None), (news_index, "site", None)]
        work += [(orgs[o.key], f"org-{o.key}", None) for o in catalog.ORGS]
        work += [(programs[p.key], f"program-{p.key}", None) for p in catalog.PROGRAMS]
        work += [(releases[r.key], f"release-{r.key}", r if r.has_chinese else None) for r in catalog.RELEASES]
        for instance, memory_name, own_chinese in work:
            if own_chinese is None and not self.with_translations:
                continue
            memory = {**IMAGE_MEMORY, **self.memories.get(memory_name, {})}
            if own_chinese is not None:
                # The release's own Chinese version is a source text: imported even with --no-translations.
                memory.update(self._chinese_version_memory(own_chinese))
            result = translate_instance(instance, zh, memory, source_changed=getattr(instance, "_seed_changed", True))
            if result.changed:
                self.report.translated.append(str(instance))
            if result.missing:
                self.report.untranslated_segments[str(instance)] = result.missing

    def _glossary(self, en, zh) -> None:
        """The translators' glossary, English terms with their agreed Chinese (a wagtail-localize translation)."""
        for english, chinese, note in GLOSSARY:
            term = GlossaryTerm.objects.filter(locale=en, term=english).first()
            changed = term is None or term.note != note
            if term is None:
                term = GlossaryTerm(locale=en, term=english, note=note)
                self.report.created.append(f"glossary:{english}")
            if changed:
                term.note = note
                term.save()
            memory = {normalize(english): chinese}
            if note:
                memory[normalize(note)] = note  # notes name things in English on purpose
            result = translate_instance(term, zh, memory, source_changed=changed)
            if result.changed:
                self.report.translated.append(f"glossary:{english}")

    def _chinese_version_memory(self, release) -> dict[str, str]:
        doc = self.documents[release.source]
        memory = {normalize(doc.title): doc.zh_title}
        for english, chinese in zip(doc.paragraphs, doc.zh_paragraphs, strict=True):
            memory[normalize(english)] = chinese
        for label, value in doc.zh_credits:
            for field_name in CHINESE_CREDIT_FIELDS[label]:
                english = release.credits.get(field_name)
                if english:
                    memory[normalize(english)] = value
        return memory


def profile_body(doc: Document, page_title: str) -> list[tuple[str, object]]:
    """StreamField content for a profile: its own title as a heading, paragraphs and headed sections."""
    body: list[tuple[str, object]] = []
    if doc.title and doc.title != page_title:
        body.append(("heading", {"text": doc.title, "level": "h2"}))
    for kind, value in doc.blocks:
        if kind == "paragraph":
            body += paragraph_blocks([value])
        elif kind == "section":
            body.append(
                (
                    "section",
                    {
                        "heading": value.heading,
                        "intro": rich_paragraphs(value.intro),
                        "items": [{"term": item.term, "text": item.text} for item in value.items],
                        "numbered": value.numbered,
                    },
                )
            )
    return body
