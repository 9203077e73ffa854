"""The editors' page in a real browser: Debian's chromium, headless, driven by Playwright, against
`newsfuse serve` with the real models on 127.0.0.1.

Without chromium (``apt-get install chromium``; ``.ci/browser-deps`` does it in CI) or Playwright
these tests are skipped with a warning, never passed; NEWSFUSE_REQUIRE_BROWSER=1 (set by .ci/run
once chromium is installed) turns the skip into a failure. Screenshots go to
NEWSFUSE_ARTIFACTS (default tests/artifacts/, git-ignored); their paths are printed.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.app import create_app
from tests.conftest import ROOT
from tests.service_helpers import (
    backend,
    free_port,
    live_server,
    serve_process,
    settings,
    stop_process,
    wait_ready,
)

pytestmark = [pytest.mark.real, pytest.mark.browser]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 850}
PHONE = {"width": 375, "height": 812}
ARTIFACTS = Path(os.environ.get("NEWSFUSE_ARTIFACTS") or ROOT / "tests" / "artifacts")
SEED_BUNDLE = json.loads((ROOT / "examples" / "seed-bundle.json").read_text())
KEY = "browser-test-key"


class BrowserTestsNotRun(UserWarning):
    """The browser tests could not run here (no chromium or no Playwright)."""


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("NEWSFUSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser required (NEWSFUSE_REQUIRE_BROWSER=1) but {reason}")
    warnings.warn(BrowserTestsNotRun(f"BROWSER TESTS NOT RUN: {reason}"), stacklevel=2)
    pytest.skip(f"BROWSER TESTS NOT RUN: {reason}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed (pip install -e '.[dev]')")
    executable = os.environ.get("NEWSFUSE_CHROMIUM") or shutil.which("chromium")
    if not executable:
        _skip_or_fail("no chromium on PATH: apt-get install chromium (see .ci/browser-deps)")
    # Playwright's own browser download is never used: Debian's chromium, a fresh profile.
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """`newsfuse serve` with the real models (started only once a browser is there)."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("browser") / "server.log"
    with log_path.open("wb") as log:
        proc = serve_process(port, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url, proc)
            yield url
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{log_path.read_text()[-2000:]}") from None
        finally:
            stop_process(proc, timeout=120)


@pytest.fixture
def new_context(browser: Any) -> Iterator[Any]:
    """``browser.new_context`` whose contexts are all closed when the test ends, failed or not."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        contexts.append(browser.new_context(**options))
        return contexts[-1]

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def shot(request: pytest.FixtureRequest):
    """Save a screenshot under ARTIFACTS and print its path (even with output captured)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")

    def save(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path))
        line = f"screenshot: {path}"
        if reporter is None or capture is None:
            print(line)
            return path
        with capture.global_and_fixture_disabled():  # past pytest's output capture
            reporter.write_line(line)
        return path

    return save


# ---------------------------------------------------------------- helpers

# Every cited piece of every source shown: its code-point offsets, the citations covering it,
# whether it is highlighted, its text.
SOURCES_JS = """() => Array.from(document.querySelectorAll('.source')).map(sec => ({
  id: sec.dataset.articleId,
  text: sec.querySelector('.source-text').textContent,
  spans: Array.from(sec.querySelectorAll('.cite')).map(s => ({
    start: Number(s.dataset.start), end: Number(s.dataset.end),
    cites: s.dataset.cites.split(' '), hl: s.classList.contains('hl'), text: s.textContent,
  })),
}))"""


def _open(new_context: Any, url: str, **context: Any) -> Any:
    page = new_context(**context).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # JavaScript errors; not the console's "Failed to load resource" for an expected 4xx.
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and not msg.text.startswith("Failed to load resource")
            and errors.append(msg.text)
        ),
    )
    page.js_errors = errors
    page.goto(url)
    return page


def _summarize(page: Any, mode: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Click Summarize; return the request body the page posted and the response document."""
    page.check(f'input[name="mode"][value="{mode}"]')
    with page.expect_response("**/v1/summarize", timeout=600_000) as answer:
        page.click("#submit")
    response = answer.value
    assert response.status == 200, response.text()
    page.wait_for_selector("#result:not([hidden])")
    return response.request.post_data_json, response.json()


def _wait_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s).textContent.includes(t)", arg=[selector, text]
    )


def _wait_scrolled(page: Any) -> None:
    """The sources panel shows the first highlighted span (the page itself did not move)."""
    page.wait_for_function(
        """() => { const p = document.getElementById('sources').getBoundingClientRect();
            const h = document.querySelector('.cite.hl').getBoundingClientRect();
            return h.top >= p.top && h.top < p.bottom; }""",
        timeout=5000,
    )


def _load_example(page: Any) -> None:
    page.click("#load-example")
    page.wait_for_function("() => document.querySelectorAll('fieldset.article').length === 5")


def _check_highlights(page: Any, doc: dict[str, Any], texts: dict[str, str], i: int) -> None:
    """The highlighted spans are exactly sentence i's citations, each equal to
    text[start:end] of the article as posted (Python code-point slicing)."""
    sources = {s["id"]: s for s in page.evaluate(SOURCES_JS)}
    expected = set()
    for c in doc["sentences"][i]["citations"]:
        key = f"{c['start']}-{c['end']}"
        pieces = [s for s in sources[c["article_id"]]["spans"] if key in s["cites"]]
        assert pieces, (i, c)
        assert all(p["hl"] for p in pieces), (i, c)
        assert pieces[0]["start"] == c["start"] and pieces[-1]["end"] == c["end"]
        shown = "".join(p["text"] for p in pieces)
        assert shown == texts[c["article_id"]][c["start"] : c["end"]], (i, c)
        expected |= {(c["article_id"], p["start"]) for p in pieces}
    highlighted = {(a, s["start"]) for a, src in sources.items() for s in src["spans"] if s["hl"]}
    assert highlighted == expected, i


def _check_result(page: Any, posted: dict[str, Any], doc: dict[str, Any]) -> dict[str, str]:
    texts = {u["id"]: a["text"] for u, a in zip(doc["articles"], posted["articles"], strict=True)}
    sources = page.evaluate(SOURCES_JS)
    assert {s["id"]: s["text"] for s in sources} == texts  # the articles shown, as posted
    shown = page.eval_on_selector_all(".sent", "els => els.map(e => e.firstChild.textContent)")
    assert shown == [s["text"] for s in doc["sentences"]]
    methods = page.eval_on_selector_all(".sent", "els => els.map(e => e.dataset.method)")
    assert methods == [s["method"] for s in doc["sentences"]]
    for i, s in enumerate(doc["sentences"]):  # fallback / verbatim / unsupported are marked
        badges = page.eval_on_selector_all(
            f'.sent[data-i="{i}"] .badge', "els => els.map(e => e.className)"
        )
        assert (f"badge {s['method']}" in badges) == (s["method"] != "extracted"), (i, badges)
        assert ("badge unsupported" in badges) == (not s["supported"]), (i, badges)
    stages = page.eval_on_selector_all("#timings tbody th", "els => els.map(e => e.textContent)")
    assert stages == list(doc["timings_ms"])
    # Each warning's message is shown, its code kept on the item; the mode written in is said.
    warnings = page.eval_on_selector_all(
        "#warnings li", "els => els.map(e => [e.dataset.code || '', e.textContent])"
    )
    assert warnings == ([[w["code"], w["message"]] for w in doc["warnings"]] or [["", "none"]])
    assert f"Written {doc['mode']}." in page.text_content("#fusion-stats")
    assert page.js_errors == []
    return texts


# ---------------------------------------------------------------- tests


def test_seed_bundle_highlights_are_the_cited_offsets(new_context, server, shot):
    page = _open(new_context, server, viewport=LAPTOP)
    _load_example(page)
    posted, doc = _summarize(page, "extractive")
    assert posted["articles"] == SEED_BUNDLE["articles"]  # the example, posted as shipped
    texts = _check_result(page, posted, doc)
    assert doc["sentences"]
    for i in range(len(doc["sentences"])):
        page.hover(f'.sent[data-i="{i}"]')
        _check_highlights(page, doc, texts, i)
        # The sources panel scrolled to the first cited span (the page itself did not move).
        _wait_scrolled(page)
    page.hover('.sent[data-i="0"]')
    _wait_scrolled(page)
    shot(page, "laptop-extractive-seed")


def test_offsets_hold_for_characters_outside_the_basic_plane_and_crlf(new_context, server):
    # Emoji and flags are one code point (Python) but two UTF-16 units (JavaScript) each; a
    # file with CR LF line ends is posted as it is (a text area alone would make them LF).
    page = _open(new_context, server, viewport=LAPTOP)
    _load_example(page)
    articles = SEED_BUNDLE["articles"]
    areas = page.locator("fieldset.article textarea")
    for k, article in enumerate(articles[:4]):
        areas.nth(k).fill("📰🇺🇸 " + article["text"].replace(". ", ". 🤝 ", 2))
    page.click("fieldset.article:nth-of-type(5) button.remove")
    crlf = "🇺🇳 " + articles[4]["text"].replace(". ", ". 🤝 ", 2).replace("\n", "\r\n")
    page.set_input_files(
        "#files", files=[{"name": "crlf.txt", "mimeType": "text/plain", "buffer": crlf.encode()}]
    )
    page.wait_for_function("() => document.querySelectorAll('fieldset.article').length === 5")
    page.fill("#max-words", "200")  # room to cite every article
    posted, doc = _summarize(page, "extractive")
    assert all(a["text"].startswith("📰🇺🇸 ") for a in posted["articles"][:4])
    assert posted["articles"][4] == {"id": "crlf", "text": crlf}
    texts = _check_result(page, posted, doc)
    assert any(c["article_id"] == "crlf" for s in doc["sentences"] for c in s["citations"])
    for i in range(len(doc["sentences"])):
        page.focus(f'.sent[data-i="{i}"]')
        _check_highlights(page, doc, texts, i)


def test_abstractive_summary_on_a_phone(new_context, server, shot):
    page = _open(
        new_context, server, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    _load_example(page)
    posted, doc = _summarize(page, "abstractive")
    texts = _check_result(page, posted, doc)
    assert doc["fusion"] is not None
    # Readable at 375 px: nothing wider than the screen.
    assert page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]") == [
        PHONE["width"],
        PHONE["width"],
    ]
    shot(page, "phone-abstractive-summary")
    for i in range(len(doc["sentences"])):
        page.tap(f'.sent[data-i="{i}"]')  # a tap goes to the sources, stacked below
        _check_highlights(page, doc, texts, i)
    assert page.evaluate("document.activeElement.classList.contains('hl')")
    shot(page, "phone-abstractive-sources")


def test_invalid_input_is_shown_in_plain_words_at_its_field(new_context, server, shot):
    page = _open(new_context, server, viewport=LAPTOP)
    _load_example(page)
    # Markup in article 2: the server's 422 names articles[1].text.
    page.locator("fieldset.article textarea").nth(1).fill("<p>Markup is not article text.</p>")
    page.check('input[name="mode"][value="extractive"]')
    with page.expect_response("**/v1/summarize") as answer:
        page.click("#submit")
    assert answer.value.status == 422
    assert answer.value.json()["error"]["param"] == "articles[1].text"
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("Article 2, text:")
    assert "markup" in error.inner_text().lower()
    area = page.locator("fieldset.article textarea").nth(1)
    assert area.get_attribute("aria-invalid") == "true"
    assert area.evaluate("el => el === document.activeElement")
    assert page.locator("#result").is_hidden()
    shot(page, "laptop-invalid-article")

    page.fill("#max-words", "5")
    page.click("#submit")
    _wait_text(page, "#error", "Length:")
    assert page.get_attribute("#max-words", "aria-invalid") == "true"
    assert page.locator("#max-words-error").inner_text()

    # A file that is not a bundle, and one that is not UTF-8: named, before any request.
    page.set_input_files(
        "#files", files=[{"name": "bad.json", "mimeType": "application/json", "buffer": b"{}"}]
    )
    _wait_text(page, "#error", "bad.json")
    assert "not a newsfuse bundle" in error.inner_text()
    page.set_input_files(
        "#files", files=[{"name": "latin1.txt", "mimeType": "text/plain", "buffer": b"caf\xe9"}]
    )
    _wait_text(page, "#error", "latin1.txt")
    assert "not UTF-8" in error.inner_text()

    # A dropped .txt becomes an article named after its file.
    page.evaluate(
        """() => { const dt = new DataTransfer();
          dt.items.add(new File(['Dropped text. It has two sentences.'], 'dropped.txt'));
          document.getElementById('drop').dispatchEvent(
            new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); }"""
    )
    page.wait_for_function("() => document.querySelectorAll('fieldset.article').length === 6")
    assert page.locator("fieldset.article input[data-field=id]").nth(5).input_value() == "dropped"
    assert page.js_errors == []


def test_keyboard_only(new_context, server, shot):
    context = new_context(viewport=LAPTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(server)
    active = "() => { const e = document.activeElement; return e.id || e.className || e.value; }"

    def tab_to(predicate: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return {predicate}; }}"):
                return
        raise AssertionError(f"Tab never reached {predicate}; stuck at {page.evaluate(active)}")

    tab_to("e.id === 'load-example'")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('fieldset.article').length === 5")
    tab_to("e.name === 'mode'")
    page.keyboard.press("ArrowDown")  # abstractive -> extractive
    assert page.is_checked('input[name="mode"][value="extractive"]')
    tab_to("e.id === 'submit'")
    with page.expect_response("**/v1/summarize", timeout=600_000) as answer:
        page.keyboard.press("Enter")
    doc = answer.value.json()
    posted = answer.value.request.post_data_json
    page.wait_for_selector("#result:not([hidden])")
    page.wait_for_function("() => document.activeElement.id === 'summary-heading'")
    texts = {u["id"]: a["text"] for u, a in zip(doc["articles"], posted["articles"], strict=True)}

    tab_to("e.classList.contains('sent')")
    assert page.evaluate("document.activeElement.dataset.i") == "0"
    # The focus is visible, and it alone (no mouse) marks the sentence's sources.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    _check_highlights(page, doc, texts, 0)
    if len(doc["sentences"]) > 1:
        page.keyboard.press("Tab")
        _check_highlights(page, doc, texts, 1)
        page.keyboard.press("Shift+Tab")
    _wait_scrolled(page)
    shot(page, "laptop-keyboard-focus")
    page.keyboard.press("Enter")  # to the first cited source sentence ...
    assert page.evaluate("document.activeElement.classList.contains('hl')")
    page.keyboard.press("Escape")  # ... and back
    assert page.evaluate("document.activeElement.dataset.i") == "0"

    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "copy"
    page.keyboard.press("Enter")
    _wait_text(page, "#status", "Summary copied.")
    assert page.evaluate("navigator.clipboard.readText()") == doc["summary"]


def test_api_key_is_asked_for_and_kept_in_the_tab_only(new_context, shot):
    # Authentication is the page's and the service's, not the models': a fake pipeline behind
    # the real app and a real HTTP server on loopback.
    app = create_app(settings(api_keys=KEY), backend())
    with live_server(app) as url:
        assert httpx.get(f"{url}/v1/example").status_code == 401
        page = _open(new_context, url, viewport=LAPTOP)
        page.wait_for_selector("#key-section:not([hidden])")
        _wait_text(page, "#status", "key")
        page.click("#load-example")
        error = page.locator("#error")
        error.wait_for(state="visible")
        assert "needs an API key" in error.inner_text()
        assert page.evaluate("document.activeElement.id") == "api-key"
        assert "needs an API key" in page.inner_text("#api-key-error")  # beside the field too
        shot(page, "laptop-api-key-needed")

        page.fill("#api-key", "not-the-key")
        page.click("#load-example")
        _wait_text(page, "#error", "not accepted")

        page.fill("#api-key", KEY)
        page.keyboard.press("Tab")  # change event: stored for this tab
        page.wait_for_function("() => document.getElementById('model-info').textContent !== ''")
        assert page.evaluate("sessionStorage.getItem('newsfuse-api-key')") == KEY
        assert page.evaluate("localStorage.length") == 0
        _load_example(page)
        page.check('input[name="mode"][value="extractive"]')
        with page.expect_request("**/v1/summarize") as sent:
            page.click("#submit")
        assert sent.value.headers["authorization"] == f"Bearer {KEY}"
        page.wait_for_selector("#result:not([hidden])")
        page.reload()  # the same tab keeps it
        assert page.input_value("#api-key") == KEY
        page.click("#forget-key")
        assert page.evaluate("sessionStorage.getItem('newsfuse-api-key')") is None
        assert page.js_errors == []


def test_focus_box_and_seen_checkboxes_ask_for_a_followup(new_context, server, shot):
    page = _open(new_context, server, viewport=LAPTOP)
    _load_example(page)
    ids = [a["id"] for a in SEED_BUNDLE["articles"]]
    boxes = page.locator('fieldset.article input[data-field="seen"]')
    for k in range(3):  # the first three articles are the ones the reader knows
        boxes.nth(k).check()
    page.fill("#focus", "military communication channels")
    posted, doc = _summarize(page, "extractive")
    assert posted["options"]["seen"] == ids[:3]
    assert posted["options"]["focus"] == "military communication channels"
    assert doc["followup"]["seen"] == ids[:3]
    _check_result(page, posted, doc)
    cited = {c["article_id"] for s in doc["sentences"] for c in s["citations"]}
    if doc["sentences"]:
        assert cited <= set(ids[3:])  # only the articles not ticked
        highlighted = page.eval_on_selector_all(
            ".source",
            "els => els.filter(e => e.querySelector('.cite')).map(e => e.dataset.articleId)",
        )
        assert set(highlighted) <= set(ids[3:])
    else:  # nothing new about the focus: the warning says so
        _wait_text(page, "#warnings", "no summary returned")
    seen_badges = page.eval_on_selector_all(
        ".source",
        "els => els.filter(e => e.querySelector('.badge.note')?.textContent === 'seen')"
        ".map(e => e.dataset.articleId)",
    )
    assert seen_badges == ids[:3]
    _wait_text(page, "#fusion-stats", "Follow-up (focused on")
    shot(page, "laptop-followup")
    # Every article seen: the server refuses, and the page points at the checkboxes.
    for k in range(3, 5):
        boxes.nth(k).check()
    with page.expect_response("**/v1/summarize") as answer:
        page.click("#submit")
    assert answer.value.status == 422
    page.wait_for_selector("#error:not([hidden])")
    error = page.locator("#error").inner_text()
    assert error.startswith("Seen:") and "every article is marked seen" in error
    assert page.js_errors == []


# ---------------------------------------------------------------- the API's reference pages


def _offline_page(new_context: Any, url: str) -> tuple[Any, list[str]]:
    """A page on which every request to a host other than the server's is aborted (as with the
    network unplugged), and listed."""
    context = new_context(viewport=LAPTOP)
    elsewhere: list[str] = []

    def only_here(route: Any) -> None:
        if route.request.url.startswith(url + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return page, elsewhere


def test_swagger_ui_and_redoc_render_with_other_hosts_unreachable(new_context, shot):
    # The pages are the app's, not the models': a fake pipeline behind the real app, on a
    # real HTTP server on loopback.
    app = create_app(settings(api_keys=KEY), backend())
    with live_server(app) as url:
        page, elsewhere = _offline_page(new_context, url)
        page.goto(f"{url}/docs")
        operation = page.locator("#operations-summaries-summarize_v1_summarize_post")
        operation.wait_for(timeout=30_000)
        assert "/v1/summarize" in operation.inner_text()
        assert page.locator(".btn.authorize").is_visible()
        operation.locator(".opblock-summary").click()  # the request example, as shipped
        _wait_text(page, "#operations-summaries-summarize_v1_summarize_post", "reuters-1")
        shot(page, "docs-swagger-offline")

        page.goto(f"{url}/redoc")
        page.get_by_text("/v1/summarize").first.wait_for(timeout=30_000)
        assert page.locator("h2", has_text="Summarize").first.is_visible()
        shot(page, "docs-redoc-offline")
        assert elsewhere == []  # nothing was even asked of another host
        assert page.js_errors == []


def test_utf16_offsets_slice_right_with_javascript_string_slice(new_context):
    """A JavaScript CMS slices the posted text with String.prototype.slice at the returned
    offsets: with options.offsets="utf16" that is the cited sentence, emoji and flags and all
    (the code-point offsets, sliced by Python, are the reference)."""
    from tests.test_api_contract import ASTRAL

    app = create_app(settings(), backend())
    with live_server(app) as url:
        page, _ = _offline_page(new_context, url)
        page.goto(f"{url}/docs")
        cuts = page.evaluate(
            """async (articles) => {
                const texts = Object.fromEntries(articles.map(a => [a.id, a.text]));
                const post = async (offsets) => (await fetch('/v1/summarize', {
                    method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({articles,
                        options: {mode: 'extractive', max_words: 60, offsets}})})).json();
                const doc = await post('utf16');
                return doc.sentences.flatMap(s => s.citations).map(c => ({
                    id: c.article_id, slice: texts[c.article_id].slice(c.start, c.end)}));
            }""",
            ASTRAL,
        )
        reference = httpx.post(
            f"{url}/v1/summarize",
            json={"articles": ASTRAL, "options": {"mode": "extractive", "max_words": 60}},
        ).json()
    texts = {a["id"]: a["text"] for a in ASTRAL}
    expected = [
        {"id": c["article_id"], "slice": texts[c["article_id"]][c["start"] : c["end"]]}
        for s in reference["sentences"]
        for c in s["citations"]
    ]
    assert cuts == expected
    assert any(ord(ch) > 0xFFFF for cut in cuts for ch in cut["slice"])


def test_story_view_adds_articles_reads_the_summary_and_what_is_new(new_context, shot, tmp_path):
    # The story desk's page flow, not the models': a fake pipeline behind the real app (its
    # SQLite database, its worker) and a real HTTP server on loopback.
    app = create_app(
        settings(database_url=f"sqlite:///{tmp_path / 'stories.db'}", story_poll_s=0.05),
        backend(),
    )
    with live_server(app) as url:
        page = _open(new_context, url, viewport=LAPTOP)
        _load_example(page)
        page.check('input[name="mode"][value="extractive"]')
        ids = [a["id"] for a in SEED_BUNDLE["articles"]]
        for _ in range(2):  # the first three articles only
            page.locator("fieldset.article .remove").last.click()
        page.click("#story-open")
        page.wait_for_function("() => document.getElementById('story-id').value !== ''")
        story = page.input_value("#story-id")
        with page.expect_response("**/articles") as added:
            page.click("#story-add")
        assert (added.value.status, added.value.json()) == (202, {"version": 1})
        assert [a["id"] for a in added.value.request.post_data_json["articles"]] == ids[:3]

        with page.expect_response(lambda r: r.url.endswith("/summary") and r.status == 200):
            page.click("#story-read")
        _wait_text(page, "#story-state", "version 1")
        page.wait_for_selector("#result:not([hidden])")
        assert page.is_hidden("#story-new")  # a first visit: nothing to compare with
        cited = {s.get_attribute("data-article-id") for s in page.query_selector_all(".source")}
        assert cited == set(ids[:3])

        # More articles arrive: all five are added again, the known three are skipped.
        _load_example(page)
        with page.expect_response("**/articles") as added:
            page.click("#story-add")
        assert added.value.json() == {"version": 2}
        deadline = time.monotonic() + 30
        while True:  # until version 2 is summarised
            with page.expect_response(lambda r: "/summary" in r.url and r.status == 200) as read:
                page.click("#story-read")
            if read.value.json()["story"]["version"] == 2:
                break
            assert time.monotonic() < deadline, "version 2 not summarised"
            time.sleep(0.2)
        page.wait_for_selector("#story-new:not([hidden])")
        _wait_text(page, "#story-new-note", "Version 1 → 2")
        update = httpx.get(f"{url}/v1/stories/{story}/summary?since=1").json()
        assert {c["article_id"] for s in update["sentences"] for c in s["citations"]} <= set(
            ids[3:]
        )
        assert page.inner_text("#story-new-summary") == update["summary"] != ""
        shot(page, "laptop-story-new-since-last-visit")

        # The next visit: the same story, and nothing new since.
        page.reload()
        assert page.input_value("#story-id") == story
        page.click("#story-read")
        _wait_text(page, "#story-new-note", "Nothing new since your last visit (version 2)")
        assert page.js_errors == []
