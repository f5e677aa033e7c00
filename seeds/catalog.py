"""What the site is built from: the five source texts plus the editorial facts they don't state.

The source texts (seeds/*.txt) give the words; this catalog gives the shape: which text becomes which
page, slugs, acronyms, dates, topics and relations, and the short summaries an editor writes for
listings. Every fact here comes from the texts themselves; where a text is silent (the Guangzhou
release carries no date) the value is an editorial choice, marked as such.

Chinese translations of everything here live in seeds/translations/zh_Hans/*.po.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from seeds.parsers import Ending

SOURCE_FILES = {
    "iecc": "000_8d8e04d7b5c8eaac.txt",
    "cstve": "001_8216572308d2796e.txt",
    "guangzhou": "002_7f34c4319d42e1b4.txt",
    "uniccc": "003_95254c9e571885e4.txt",
    "ciyec_kicec": "004_a95d9271b4c64117.txt",
}
# The CSTVE profile starts straight with a paragraph; every other text opens with a title line.
UNTITLED_SOURCES = {"cstve"}
# What each text closes with: a text that stops before its ending was cut short (seeds/parsers.py).
SOURCE_ENDINGS = {
    "iecc": Ending(contact=("address", "postal_code", "phones", "fax")),
    "cstve": Ending(contact=("name", "address", "postal_code", "phones", "contacts")),
    "guangzhou": Ending(credits=("文、图", "翻译", "来源", "责编")),
    "uniccc": Ending(signatory=True),
    "ciyec_kicec": Ending(),  # running text to its last full stop
}

SITE = {
    "home_title": "China–Foreign Exchange",
    "home_intro": (
        "News, organization profiles and programs of Chinese–foreign cultural, educational and youth "
        "exchange, in English and Chinese."
    ),
    "organizations_title": "Organizations",
    "organizations_intro": (
        "The centres, societies and networks that run Chinese–foreign exchange for children, young "
        "people, teachers and vocational colleges."
    ),
    "news_title": "News",
    "news_intro": "Releases from the organizations on agreements, events and new programs.",
}


@dataclass(frozen=True)
class Org:
    key: str
    slug: str
    title: str
    short_name: str
    summary: str
    parent_body: str = ""
    founded: date | None = None
    legal_status: str = ""
    partner_countries: tuple[str, ...] = ()
    source: str | None = None  # key in SOURCE_FILES whose text becomes the profile body
    body: tuple[str, ...] = ()  # editorial paragraphs for organizations without a profile text
    website: str = ""


@dataclass(frozen=True)
class Program:
    key: str
    org: str
    slug: str
    title: str
    summary: str
    body: tuple[str, ...]
    audience: str = ""
    partner_countries: tuple[str, ...] = ()
    related_orgs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Release:
    key: str
    slug: str
    source: str
    date: date
    summary: str
    topics: tuple[str, ...]
    related_orgs: tuple[str, ...]
    related_programs: tuple[str, ...]
    credits: dict[str, str] = field(default_factory=dict)
    # True when the source text carries its own Chinese version, which becomes the zh-hans translation.
    has_chinese: bool = False


ORGS = (
    Org(
        key="iecc",
        slug="iecc",
        title="International Exchange and Cooperation Center of the China National Children’s Center",
        short_name="IECC",
        parent_body="China National Children’s Center (CNCC)",
        founded=date(2002, 3, 1),
        legal_status="Tier-2 institutional legal person",
        summary=(
            "Trainings, cultural and educational exchange and cooperation projects for children and "
            "children educators, run by the China National Children’s Center since 2002."
        ),
        partner_countries=(
            "Russia",
            "USA",
            "Japan",
            "UK",
            "Germany",
            "Colombia",
            "Mexico",
            "Turkey",
            "Korea",
            "Greece",
            "Sweden",
            "Finland",
        ),
        source="iecc",
    ),
    Org(
        key="cstve",
        slug="cstve-international-department",
        title="International Department of the Chinese Society of Technical and Vocational Education",
        short_name="CSTVE International Department",
        parent_body="Chinese Society of Technical and Vocational Education (CSTVE)",
        legal_status="Internal body of a national academic institution",
        summary=(
            "Brings high-quality foreign educational resources to Chinese vocational colleges: curriculum "
            "reform, program evaluation and financing of vocational education."
        ),
        partner_countries=(
            "United Kingdom",
            "United States",
            "Australia",
            "Germany",
            "Japan",
            "Korea",
            "New Zealand",
            "Netherlands",
        ),
        source="cstve",
    ),
    Org(
        key="uniccc",
        slug="uniccc",
        title="United Nations Intergovernmental Cooperation for the Construction of Child-Friendly Cities",
        short_name="UNICCC",
        legal_status="International NGO",
        summary=(
            "An international NGO that helps governments and cities build child-friendly cities through "
            "international cooperation and policy guidance."
        ),
        source="uniccc",
    ),
    Org(
        key="ccipe",
        slug="ccipe",
        title="China Center for International People-to-people Exchange, Ministry of Education",
        short_name="CCIPE",
        parent_body="Ministry of Education of the People’s Republic of China",
        summary=(
            "The Ministry of Education’s centre for Sino-foreign cultural exchange in education, partner "
            "of the Guangzhou (Huangpu) Education Innovation Zone."
        ),
        body=(
            "The China Center for International People-to-people Exchange of the Ministry of Education "
            "(CCIPE) works on Sino-foreign cultural exchange in the field of education.",
            "With the Guangzhou Municipal Education Bureau and the Huangpu District People’s Government "
            "of Guangzhou it signed the agreement that established the country’s first Sino-Foreign "
            "Cultural Exchange Education Innovation Zone, to which it brings its strengths in policy, "
            "expertise, talent and resources for Sino-foreign cultural exchange.",
        ),
    ),
    Org(
        key="ciyec",
        slug="ciyec",
        title="China International Youth Exchange Center",
        short_name="CIYEC",
        summary=(
            "Builds long-term exchange and cooperation between young people in China and abroad, "
            "including a 20-year partnership with Korea’s KICEC."
        ),
        body=(
            "The China International Youth Exchange Center (CIYEC) organizes exchanges and cooperation "
            "between Chinese and foreign young people.",
            "For more than 20 years it has worked with the Korea International Cultural Exchange Center "
            "(KICEC) in many fields on the basis of mutual trust. In May 2024 the two centres signed a "
            "memorandum of cooperation on youth exchange between China and South Korea.",
        ),
    ),
    Org(
        key="kicec",
        slug="kicec",
        title="Korea International Cultural Exchange Center",
        short_name="KICEC",
        partner_countries=("China",),
        summary=(
            "A South Korean centre for international cultural exchange and public diplomacy, CIYEC’s "
            "partner in youth exchange between Korea and China."
        ),
        body=(
            "The Korea International Cultural Exchange Center (KICEC) works on international cultural "
            "exchange and public diplomacy in South Korea.",
            "Together with the China International Youth Exchange Center (CIYEC) it has run exchanges and "
            "cooperation in many fields for more than 20 years, and in May 2024 it signed a memorandum "
            "of cooperation with CIYEC in Beijing.",
        ),
    ),
)

PROGRAMS = (
    Program(
        key="iecc-exchange",
        org="iecc",
        slug="childrens-international-exchange",
        title="Children’s international exchange activities",
        summary=(
            "Performing tours, camps, festivals and delegations that connect children and children "
            "educators in China with their peers abroad and in Hong Kong, Macao and Taiwan."
        ),
        body=(
            "IECC takes the China Children’s Performing Art Troupe abroad, receives government and "
            "official delegations of women and children from around the world, and runs painting and "
            "calligraphy, art festivals, winter and summer camps with partners in Hong Kong, Macao and "
            "Taiwan.",
            "With UNICEF, UNESCO and partners in Europe and the United States it runs projects such as "
            "participatory training on AIDS prevention, children’s forums, traffic-safety training and "
            "a children’s mural art festival, and it organizes overseas training workshops for children "
            "educators.",
        ),
        audience="Children, children educators and practitioners",
        partner_countries=("Russia", "USA", "Japan", "UK", "Germany", "Colombia", "Mexico", "Turkey"),
    ),
    Program(
        key="cstve-curriculum",
        org="cstve",
        slug="international-applied-science-curriculum-reform",
        title="International Applied Science Curriculum Reform",
        summary=(
            "Curriculum and quality-control standards for vocational colleges, matched with international "
            "systems and informed by European applied-science standards."
        ),
        body=(
            "CSTVE developed curriculum and quality-control standards matching international systems, "
            "drawing on European applied-science curriculum standards and on research across industries.",
            "The reform helps vocational colleges innovate in international education and build new, "
            "distinctive models of vocational education.",
        ),
        audience="Vocational colleges and their teachers",
    ),
    Program(
        key="cstve-evaluation",
        org="cstve",
        slug="evaluation-of-international-educational-programs",
        title="Evaluation of international educational programs",
        summary="Evaluation, assessment and approval support for international cooperation programs of vocational colleges.",
        body=(
            "The International Department evaluates and assesses international cooperation programs and "
            "helps them into execution.",
            "It also helps Chinese vocational colleges prepare the curriculum materials, cooperation "
            "agreements and other documents needed to have their programs approved by the government.",
        ),
        audience="Vocational colleges and overseas partner institutions",
    ),
    Program(
        key="cstve-financing",
        org="cstve",
        slug="vocational-education-financing",
        title="Financing of vocational education",
        summary="Bringing international investment funds into the international development of Chinese vocational education.",
        body=(
            "Supported by CSTVE, the International Department brings international investment funds to "
            "international cooperation programs in vocational education and offers investment services.",
        ),
        audience="Vocational colleges and investors",
    ),
    Program(
        key="guangzhou-zone",
        org="ccipe",
        slug="guangzhou-huangpu-education-innovation-zone",
        title="Sino-Foreign Cultural Exchange Guangzhou (Huangpu) Education Innovation Zone",
        summary=(
            "China’s first Sino-foreign cultural exchange education innovation zone, built jointly by "
            "CCIPE, Guangzhou and its Huangpu District."
        ),
        body=(
            "CCIPE, the Guangzhou Municipal Education Bureau and the Huangpu District People’s Government "
            "agreed to build the zone together, to open education further to the world and raise the "
            "quality of international education.",
            "The three parties work on cultural exchange platforms, schools with a cultural-exchange "
            "profile, teachers, courses, internationally friendly schools, overseas exchanges and study "
            "tours.",
        ),
        audience="Schools, teachers and students in Guangzhou’s Huangpu District",
        related_orgs=("ccipe",),
    ),
    Program(
        key="little-ambassadors",
        org="ccipe",
        slug="little-ambassadors",
        title="Sino-Foreign Cultural Exchange Little Ambassadors",
        summary="Group events in which schoolchildren present choral singing, western instrumental music and tennis.",
        body=(
            "Little Ambassadors brings school groups together for cultural exchange events. Guangzhou "
            "hosted its second and third group events, and schools across the city took part in the "
            "activity themed on the Hangzhou Asian Games.",
        ),
        audience="Primary and secondary school students",
        related_orgs=("ccipe",),
    ),
    Program(
        key="ciyec-kicec-youth",
        org="ciyec",
        slug="china-korea-youth-exchange",
        title="CIYEC–KICEC youth exchange",
        summary=(
            "Mutual visits, seminars and joint projects for young people of China and South Korea on "
            "education, culture, sports, the green economy and ESG."
        ),
        body=(
            "Under their 2024 memorandum of cooperation, CIYEC and KICEC plan youth exchange activities "
            "between China and South Korea through mutual visits, specialized seminars and project "
            "cooperation.",
            "The focus is on education, culture and sports, the green economy, climate change and "
            "environmental protection, and environmental, social and governance (ESG) issues.",
        ),
        audience="Young people of China and South Korea",
        partner_countries=("China", "South Korea"),
        related_orgs=("kicec",),
    ),
)

# Topic tags: slug -> English name. Their Chinese names come from the PO files like everything else.
TOPICS = {
    "cultural-exchange": "Cultural exchange",
    "education": "Education",
    "greater-bay-area": "Greater Bay Area",
    "youth-exchange": "Youth exchange",
    "china-south-korea": "China–South Korea",
    "green-development": "Green development",
}

RELEASES = (
    Release(
        key="guangzhou",
        slug="guangzhou-education-innovation-zone",
        source="guangzhou",
        # Editorial: the release itself gives no date ("Recently"); set to its publication in 2023.
        date=date(2023, 12, 8),
        summary=(
            "CCIPE, the Guangzhou Municipal Education Bureau and Huangpu District agree to build the "
            "country’s first Sino-foreign cultural exchange education innovation zone."
        ),
        topics=("cultural-exchange", "education", "greater-bay-area"),
        related_orgs=("ccipe",),
        related_programs=("guangzhou-zone", "little-ambassadors"),
        # English credits for the credits the Chinese version carries (文、图 / 翻译 / 来源 / 责编).
        credits={
            "reporter": "Jiang Jun, all-media reporter of Yangcheng Evening News; correspondent Cheng Kaichun",
            "photographer": "Jiang Jun, all-media reporter of Yangcheng Evening News; correspondent Cheng Kaichun",
            "translator": "Chen Xuan",
            "source_publication": "Yangcheng Evening News · Yangchengpai",
            "editor": "Gu Siqi",
        },
        has_chinese=True,
    ),
    Release(
        key="ciyec_kicec",
        slug="ciyec-kicec-memorandum",
        source="ciyec_kicec",
        date=date(2024, 5, 27),
        summary=(
            "The China International Youth Exchange Center and the Korea International Cultural Exchange "
            "Center agree on youth exchange in education, culture, sports and green development."
        ),
        topics=("youth-exchange", "china-south-korea", "green-development"),
        related_orgs=("ciyec", "kicec"),
        related_programs=("ciyec-kicec-youth",),
    ),
)
