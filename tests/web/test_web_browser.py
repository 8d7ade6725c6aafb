"""The dashboard in a real headless Chromium against a real uvicorn server.

Screenshots of each page go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import re

import pytest

from web_helpers import TOKEN, sample_data, shot

pytestmark = pytest.mark.browser


def test_overview_renders_map_and_sortable_table(live_server, page):
    """The overview shows the world map with an arrow per corridor and a table that sorts on click."""
    page.goto(live_server + "/")
    page.wait_for_selector("svg#map a.corridor path.arrow")
    assert page.locator("svg#map a.corridor").count() == 3
    # the outline map is a local image that loaded
    assert page.evaluate("""() => fetch('/static/world.svg').then(r => r.ok && r.headers.get('content-type').includes('svg'))""")
    rows = page.locator("table#corridors tbody tr")
    assert rows.count() >= 3
    header = page.locator("table#corridors th", has_text="Facts").locator("button")
    header.click()
    first = [int(x) for x in page.locator("table#corridors tbody tr td:nth-child(6)").all_inner_texts()]
    assert first == sorted(first)
    header.click()
    again = [int(x) for x in page.locator("table#corridors tbody tr td:nth-child(6)").all_inner_texts()]
    assert again == sorted(again, reverse=True)
    assert page.locator("#feed li.fact").count() >= 5
    shot(page, "overview")
    assert not page.errors, page.errors


def test_corridor_page_shows_timeline_chart(live_server, page):
    """A corridor page draws its status timeline with a dot per fact, and its people chart."""
    page.goto(live_server + "/corridors/USA-RWA")
    chart = page.locator("svg#timeline-chart")
    chart.wait_for()
    assert chart.locator("circle.dot").count() == 6
    assert chart.bounding_box()["width"] > 600
    labels = chart.locator("text.lane-label").all_text_contents()
    assert labels[:3] == ["Talks", "Agreement / law", "Transfers"]
    assert page.locator("#status").inner_text() == "blocked by court"
    assert page.locator("#people-total").inner_text() == "12"
    assert page.locator("svg#people-chart path.line").count() == 1
    shot(page, "corridor-USA-RWA")
    assert not page.errors, page.errors


def test_click_on_a_fact_opens_its_document_with_the_span_highlighted(live_server, page, sample):
    """From the corridor page, a fact's document link opens the document with that evidence marked."""
    fact = next(f for f in sample["doc-ruling"] if f.type == "ruling")
    page.goto(live_server + "/corridors/USA-RWA")
    page.locator(f"#fact-{fact.id} a.doclink").click()
    page.wait_for_url(re.compile(r"/documents/doc-ruling#fact-\d+$"))
    mark = page.locator(f"mark#fact-{fact.id}")
    assert mark.is_visible()
    assert mark.inner_text() == fact.evidence
    assert page.locator("#doctext mark").count() == 2
    assert page.locator("#doctext a.tag", has_text="ruling").count() == 1
    # the targeted span is outlined
    assert page.evaluate(f"() => getComputedStyle(document.getElementById('fact-{fact.id}')).outlineStyle") == "solid"
    shot(page, "document-doc-ruling")
    assert not page.errors, page.errors


def test_review_changes_a_total(live_server, page, sample):
    """Entering the token, then rejecting a transfer in the browser, lowers the corridor's people total."""
    fid = sample_data.fact_id(sample, "doc-ruling", "transfer")
    page.goto(live_server + "/corridors/USA-RWA")
    assert page.locator("#people-total").inner_text() == "12"
    page.goto(live_server + f"/login?next=/facts/{fid}")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/facts/{fid}$"))
    assert page.locator("header .ok").inner_text() == "reviewer token set"
    shot(page, "fact-review")
    page.fill("input[name=reviewer]", "browser-test")
    page.click("button.reject")
    page.wait_for_url(re.compile(rf"/facts/{fid}$"))
    assert page.locator("h1 .review").inner_text() == "rejected"
    assert "browser-test" in page.locator("ol.reviews").inner_text()
    page.goto(live_server + "/corridors/USA-RWA")
    assert page.locator("#people-total").inner_text() == "7"
    assert "rejected" in page.locator(f"#fact-{fid}").get_attribute("class")
    # a correction with the form field token, in a fresh page without the cookie, changes it again
    other = sample_data.fact_id(sample, "doc-flight", "transfer")
    page.context.clear_cookies()
    page.goto(live_server + f"/facts/{other}")
    page.fill("input[name=token]", TOKEN)
    page.fill("input[name=people]", "10")
    page.click("button.correct")
    page.wait_for_url(re.compile(rf"/facts/{other}$"))
    page.goto(live_server + "/corridors/USA-RWA")
    assert page.locator("#people-total").inner_text() == "10"
    assert not page.errors, page.errors


def test_script_in_an_article_does_not_run(live_server, page, sample):
    """A <script> (and an onerror handler) in an article's text, title and evidence is shown as text."""
    for url in ["/documents/doc-xss", "/corridors/ITA-ALB", "/", f"/facts/{sample['doc-xss'][0].id}"]:
        page.goto(live_server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned === undefined"), url
        assert page.locator("script:not([src])").count() == 0, url
    page.goto(live_server + "/documents/doc-xss")
    assert "<script>window.__pwned = true;</script>" in page.locator("#doctext").inner_text()
    assert "<script>" in page.locator("h1").inner_text()
    shot(page, "document-xss")


def test_inline_script_is_blocked_by_csp(live_server, page):
    """Even a script injected into the page at run time cannot run inline: the CSP forbids it."""
    page.goto(live_server + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                             document.body.appendChild(s); }""")
    assert page.evaluate("() => window.__inline === undefined")


NARROW_PAGES = ["/", "/corridors/USA-RWA", "/corridors/USA-RWA?as_of=2025-05-31", "/documents/doc-talks", "/facts",
                "/facts/1", "/search?q=Rwanda", "/login", "/corridors/USA-XYZ"]


def test_narrow_window_has_no_horizontal_overflow(live_server, browser):
    """In a 500px-wide (phone) window no page is wider than the window: wide things (the timeline,
    the corridor table) scroll sideways inside their own box."""
    context = browser.new_context(viewport={"width": 500, "height": 900})
    pg = context.new_page()
    try:
        for url in NARROW_PAGES:
            pg.goto(live_server + url)
            pg.wait_for_load_state("load")
            width, client = pg.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width <= client, (url, width, client)
        pg.goto(live_server + "/corridors/USA-RWA")
        # the timeline keeps readable labels: wider than the window, inside a box that scrolls
        box = pg.evaluate("""() => { const svg = document.getElementById('timeline-chart');
                                    const wrap = svg.parentElement;
                                    return [svg.getBoundingClientRect().width, wrap.clientWidth, getComputedStyle(wrap).overflowX]; }""")
        assert box[0] >= 700 and box[1] < 500 and box[2] == "auto", box
        assert pg.locator(".scroll-hint").is_visible()
        # the headline cards stack inside the window
        for card in pg.locator("#headline .card").all():
            b = card.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 500, b
        shot(pg, "corridor-USA-RWA-narrow")
    finally:
        context.close()


def test_corridor_headline_in_the_browser(live_server, page, sample):
    """The headline shows the blocking ruling and cost per person; its evidence links jump to the fact."""
    page.goto(live_server + "/corridors/USA-RWA")
    assert page.locator("#ruling-blocking").inner_text() == "Transfers blocked"
    assert page.locator("#cost-per-person .cost").inner_text() == "USD 8.3k"
    ruling = sample_data.fact_id(sample, "doc-ruling", "ruling")
    page.locator(f"#ruling a[href='#fact-{ruling}']").click()
    page.wait_for_url(re.compile(rf"#fact-{ruling}$"))
    assert page.evaluate(f"() => getComputedStyle(document.getElementById('fact-{ruling}')).outlineStyle") == "solid"
    shot(page, "corridor-headline")
    assert not page.errors, page.errors


def test_keyboard_reaches_the_content_and_the_chart(live_server, page):
    """The first Tab lands on 'Skip to content'; the timeline's dots are links a keyboard can focus."""
    page.goto(live_server + "/corridors/USA-RWA")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    assert page.evaluate("() => getComputedStyle(document.activeElement).left") != "-9999px"
    dot = page.locator("svg#timeline-chart a.dot-link").first
    dot.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('dot-link')")
    assert not page.errors, page.errors


def test_fact_list_shows_one_kind_at_a_time(live_server, page, sample):
    """The corridor's fact list can be narrowed to one kind (rulings...); a link to a hidden fact shows all again."""
    page.goto(live_server + "/corridors/USA-RWA")
    bar = page.locator("#fact-filter")
    assert bar.is_visible()
    total = page.locator("#corridor-facts > li").count()
    bar.locator("button[data-lane=rulings]").click()
    assert page.locator("#corridor-facts > li:visible").count() == 1
    assert page.locator("#corridor-facts > li:visible .badge").inner_text() == "ruling"
    assert bar.locator("button[data-lane=rulings]").get_attribute("aria-pressed") == "true"
    payment = sample_data.fact_id(sample, "doc-flight", "payment")
    page.locator(f"#cost-per-person a[href='#fact-{payment}']").click()
    page.wait_for_function(f"() => !document.getElementById('fact-{payment}').hidden")
    assert page.locator("#corridor-facts > li:visible").count() == total
    assert not page.errors, page.errors
