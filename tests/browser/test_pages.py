"""Every page type in both languages at desktop and phone widths: axe-core finds no violation, nothing
overflows sideways, every image has its size set; a screenshot of each goes to docs/screens/ for the docs.

axe-core comes from npm (`bash .ci/setup test` installs it into node_modules/) and is injected into the
real page by Playwright, so it checks what the browser rendered: contrast, landmarks, names, lang.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = ROOT / "docs" / "screens"
# WCAG 2.2 A and AA plus axe's best practices (landmarks, heading order, unique landmark names).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {"desktop": 1280, "phone": 390}
PAGE_TYPES = {
    "home": "/{lang}/",
    "organizations": "/{lang}/organizations/",
    "organization": "/{lang}/organizations/iecc/",
    "program": "/{lang}/organizations/ccipe/guangzhou-huangpu-education-innovation-zone/",
    "news": "/{lang}/news/?topic=education",
    "release": "/{lang}/news/guangzhou-education-innovation-zone/",
    "search": "/{lang}/search/?q=%E4%BA%A4%E6%B5%81",
}


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `bash .ci/setup test` (npm ci installs axe-core)")
    return AXE.read_text()


def axe_violations(page, axe_source):
    # Evaluated through DevTools rather than added as a <script>: the page's CSP stays on and is tested too.
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_is_accessible_and_fits(browser, site_url, axe_source, page_type, lang, width_name):
    width = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    path = PAGE_TYPES[page_type].format(lang=lang)
    response = page.goto(site_url + path)
    assert response.status == 200, path

    assert axe_violations(page, axe_source) == [], path
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    unsized = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.getAttribute('width')).map(i => i.src)")
    assert unsized == [], f"images without width/height shift the layout: {unsized}"
    assert errors == [], f"console errors on {path}: {errors}"

    # Load lazy images before the full-page screenshot, so the docs show them.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{page_type}-{lang}-{width}.jpg", full_page=True, type="jpeg", quality=70)
    context.close()
