"""What newsrooms' scrapers and wires actually send, through the HTTP app.

Each row of the table is one kind of bad or awkward input and what the service answers: a 4xx
naming the field, or a documented 200 (README, "Bad input"). Never a 500, never a hang. The
models are the deterministic fakes (the real pipeline code around them runs: segmentation,
cleaning, deduplication, selection, attribution); tests/test_real_models.py covers the
awkward-but-accepted inputs on the real models.
"""

from __future__ import annotations

import json
import logging
import select
import socket
import threading
import time
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from models import Article, Pipeline, PipelineConfig, SummaryOptions
from models.generation.base import GenerationRequest
from models.generation.prompts import PROMPT_OVERHEAD_TOKENS
from models.stages.language import html_markup, looks_english
from service.app import create_app
from service.worker import WorkerHung
from tests.fakes import EchoFuser, HashingEncoder
from tests.service_helpers import backend, live_server, settings

WIRE = (
    "The city council approved the 2024 budget on Monday by seven votes to two. "
    "The budget raises spending on schools by 4 percent and freezes the property tax rate. "
    "Critics said the plan ignores the roads, which have not been repaired for a decade. "
    "Mayor Ana Lin said the vote showed that the council could still agree on priorities."
)
FRENCH = (
    "Le conseil municipal a approuvé lundi le budget 2024 par sept voix contre deux. "
    "Le budget augmente les dépenses pour les écoles de quatre pour cent et gèle la taxe "
    "foncière. Les critiques ont déclaré que le plan ignore les routes, qui ne sont plus "
    "réparées depuis une décennie."
)
CHINESE = (
    "市议会周一以七票对两票批准了2024年预算。该预算将学校支出提高百分之四，并冻结房产税率。"
    "批评者说，该计划忽视了十年来没有修缮的道路。市长林安娜说，这次投票表明议会仍能就优先事项达成一致。"
)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(settings(), backend())) as c:
        yield c


def _post(client: TestClient, body: Any) -> httpx.Response:
    # json.dumps escapes to ASCII, so a lone surrogate travels as "\\ud800", as a scraper's
    # JSON encoder would send it.
    content = json.dumps(body)
    return client.post(
        "/v1/summarize", content=content, headers={"Content-Type": "application/json"}
    )


def _error(response: httpx.Response, status: int, param: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["param"] == param, error
    assert "Traceback" not in response.text
    return error


def _articles(*texts: str) -> dict[str, Any]:
    return {
        "articles": [{"id": f"a{i}", "text": t} for i, t in enumerate(texts)],
        "options": {"max_words": 40},
    }


# ------------------------------------------------------------------ refused, field named

REFUSED = [
    ("empty bundle", {"articles": []}, 422, "articles"),
    ("no articles key", {"options": {}}, 422, "articles"),
    ("all-empty texts", _articles("", "   "), 422, "articles[0].text"),
    ("whitespace only", _articles(" \n\t\u00a0\u2003 "), 422, "articles[0].text"),
    ("control character", _articles(WIRE + " \x07 bell"), 422, "articles[0].text"),
    ("NUL byte (binary)", _articles("\x00\x01\x02PK\x03\x04" + WIRE), 422, "articles[0].text"),
    ("unpaired surrogate", _articles(WIRE + " \ud800"), 422, "articles[0].text"),
    (
        "surrogate in the title",
        {"articles": [{"id": "a", "title": "x\udfff", "text": WIRE}]},
        422,
        "articles[0].title",
    ),
    ("HTML page", _articles(f"<html><body><p>{WIRE}</p></body></html>"), 422, "articles[0].text"),
    ("HTML fragment", _articles(WIRE, f"{WIRE}<br/>More."), 422, "articles[1].text"),
    (
        "duplicate ids",
        {"articles": [{"id": "x", "text": WIRE}, {"id": "x", "text": WIRE}]},
        422,
        "articles[1].id",
    ),
    ("articles not a list", {"articles": {"id": "a", "text": WIRE}}, 422, "articles"),
    ("text a number", {"articles": [{"id": "a", "text": 42}]}, 422, "articles[0].text"),
    ("text null", {"articles": [{"id": "a", "text": None}]}, 422, "articles[0].text"),
    ("id a number", {"articles": [{"id": 7, "text": WIRE}]}, 422, "articles[0].id"),
    ("article a string", {"articles": [WIRE]}, 422, "articles[0]"),
    ("body a list", [{"id": "a", "text": WIRE}], 422, "body"),
    ("unknown field", {"articles": [{"text": WIRE, "body": WIRE}]}, 422, "articles[0].body"),
    ("max_words a string", {**_articles(WIRE), "options": {"max_words": "40"}}, 422, None),
    ("max_words too large", {**_articles(WIRE), "options": {"max_words": 10**9}}, 422, None),
    ("diversity NaN-like", {**_articles(WIRE), "options": {"diversity": -1}}, 422, None),
    ("only a giant token", _articles("x" * 50_000), 422, "articles"),
    ("only boilerplate", _articles("Leave a Reply\nSubscribe to our newsletter."), 422, "articles"),
]


@pytest.mark.parametrize(
    ("body", "status", "param"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_refused_with_the_field_named(client, body, status, param):
    error = _error(_post(client, body), status, param or _option_param(body))
    assert error["message"]


def _option_param(body: dict[str, Any]) -> str:
    return "options." + next(iter(body["options"]))


def test_invalid_utf8_body_is_400_naming_the_body(client):
    raw = b'{"articles": [{"id": "a", "text": "caf\xe9 \xff\xfe"}]}'
    response = client.post(
        "/v1/summarize", content=raw, headers={"Content-Type": "application/json"}
    )
    assert _error(response, 400, "body")["type"] == "invalid_json"


def test_binary_body_is_400(client):
    response = client.post(
        "/v1/summarize",
        content=bytes(range(256)) * 4,
        headers={"Content-Type": "application/json"},
    )
    _error(response, 400, "body")


def test_deeply_nested_json_is_400_not_a_crash(client):
    nested = b'{"articles": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post(
        "/v1/summarize", content=nested, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422), response.text
    assert response.json()["error"]["param"] in ("body", "articles")


def test_oversized_body_is_413_before_parsing():
    with TestClient(create_app(settings(max_body_bytes=5_000), backend())) as small:
        big = _articles(WIRE * 30)
        assert _error(_post(small, big), 413, "body")["type"] == "limit_exceeded"


def test_too_many_characters_is_413_naming_the_limit():
    s = settings(max_total_chars=1_000)
    with TestClient(create_app(s, backend())) as small:
        error = _error(_post(small, _articles(WIRE, WIRE, WIRE, WIRE)), 413, "articles")
        assert "1000" in error["message"]


# ------------------------------------------------------------------ accepted, documented 200


def _ok(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = _post(client, body)
    assert response.status_code == 200, response.text
    doc = response.json()
    posted = {a.get("id", ""): a["text"] for a in body["articles"]}
    for sentence in doc["sentences"]:
        assert sentence["citations"], sentence
        for c in sentence["citations"]:
            assert 0 <= c["start"] < c["end"] <= len(posted[c["article_id"]])
    assert len(doc["summary"].split()) <= body["options"]["max_words"]
    return doc


def test_single_article_is_summarised_with_a_warning(client):
    doc = _ok(client, _articles(WIRE))
    assert any(w["code"] == "single_article" for w in doc["warnings"])


def test_forty_identical_copies_are_deduplicated(client):
    doc = _ok(client, _articles(*[WIRE] * 40))
    duplicates = [a for a in doc["articles"] if a["duplicate_of"]]
    assert len(duplicates) == 39 and all(a["duplicate_of"] == "a0" for a in duplicates)
    texts = [s["text"] for s in doc["sentences"]]
    assert len(texts) == len(set(texts))  # nothing said twice
    assert {"code": "duplicates_ignored", "message": "39 near-duplicate article(s) ignored"} in (
        doc["warnings"]
    )


def test_forty_near_identical_wire_copies_are_deduplicated(client):
    copies = [f"{WIRE}\nThis story was distributed by partner site {i}." for i in range(40)]
    copies = [c.replace("Monday", "Monday," if i % 2 else "Monday") for i, c in enumerate(copies)]
    doc = _ok(client, _articles(*copies))
    assert sum(1 for a in doc["articles"] if a["duplicate_of"]) == 39
    texts = [s["text"] for s in doc["sentences"]]
    assert len(texts) == len(set(texts))


def test_whitespace_and_invisible_characters_keep_exact_offsets(client):
    odd = "\ufeff  " + WIRE.replace(". ", ".\u00a0\u200b\r\n\t ", 2) + "\u2028\u2029  "
    doc = _ok(client, _articles(odd, WIRE))
    for sentence in doc["sentences"]:
        for c in sentence["citations"]:
            source = odd if c["article_id"] == "a0" else WIRE
            cited = source[c["start"] : c["end"]]
            assert cited == cited.strip() and cited


def test_c1_controls_from_mis_decoded_pages_are_accepted(client):
    # Windows-1252 curly quotes decoded as Latin-1: U+0093/U+0094, as real scraped text has.
    mojibake = WIRE.replace("the vote", "\x93the vote\x94")
    doc = _ok(client, _articles(mojibake, WIRE.replace("Monday", "Tuesday")))
    assert doc["sentences"]


def test_five_thousand_word_unpunctuated_sentence(client):
    rambling = " ".join(f"the council met again and word{i}" for i in range(1000))
    doc = _ok(client, _articles(rambling, WIRE))
    assert doc["sentences"]


def test_extremely_long_token_beside_real_text(client):
    token = "https://example.test/" + "a1b2c3" * 10_000  # 60,000 characters, no space
    doc = _ok(client, _articles(WIRE + " " + token, WIRE.replace("Monday", "Tuesday")))
    for sentence in doc["sentences"]:
        assert "a1b2c3a1b2c3" not in sentence["text"]


@pytest.mark.parametrize("foreign", [FRENCH, CHINESE], ids=["french", "chinese"])
def test_non_english_is_summarised_with_a_warning_naming_the_article(client, foreign):
    doc = _ok(client, _articles(WIRE, foreign))
    flagged = [w["message"] for w in doc["warnings"] if w["code"] == "language_unsupported"]
    assert len(flagged) == 1 and flagged[0].startswith("articles[1] does not look like English")


def test_markup_lookalikes_in_prose_are_not_html(client):
    text = WIRE + " Turnout was < 40% in the east and > 60% in the west, officials said."
    _ok(client, _articles(text, WIRE))


def test_screening_heuristics():
    assert html_markup('<div class="story">x</div>') == '<div class="story">'
    assert html_markup("<!-- comment -->") == "<!--"
    assert html_markup("He wrote <i>Ulysses</i>.") == "<i>"
    assert html_markup("if a<b and c>d then") is None
    assert looks_english(WIRE)
    assert not looks_english(FRENCH) and not looks_english(CHINESE)
    assert looks_english("Short.")  # too short to tell: no warning


# ------------------------------------------------------------------ prompt budget


class CharTokenFuser(EchoFuser):
    """Counts one token per character, as a BPE tokenizer nearly does on CJK text."""

    max_input_tokens = 600

    def count_tokens(self, text: str) -> int:
        return len(text)


def test_selection_is_trimmed_to_the_fusers_token_budget():
    fuser = CharTokenFuser()
    pipe = Pipeline(HashingEncoder(), fuser, PipelineConfig(fusion="oneshot"))
    other = WIRE.replace("Monday", "Tuesday").replace("seven", "six")
    articles = [Article(id="a", text=WIRE, title="Budget passes"), Article(id="b", text=other)]
    summary = pipe.summarize(articles, SummaryOptions(max_words=60))
    request: GenerationRequest = fuser.requests[-1]
    titles = sum(
        len(articles[i].title or "") + 6
        for i in {s.sentence.article_index for s in request.selected}
    )
    sources = sum(len(sel.sentence.text) + 4 for sel in request.selected)
    assert request.selected and sources + titles <= fuser.max_input_tokens - PROMPT_OVERHEAD_TOKENS
    # By words the selection would have taken every sentence (the budget is 3 x 60 words).
    assert len(request.selected) < 8
    assert [s.sentence for s in summary.selection] == [s.sentence for s in request.selected]


def test_text_without_word_spaces_is_summarised_by_characters(client):
    """Chinese sentences split at 。 and count 1.5 characters a word (models.text)."""
    other = CHINESE.replace("周一", "周二")
    body = _articles(CHINESE, other)
    body["options"]["mode"] = "extractive"
    doc = _ok(client, body)
    assert doc["sentences"] and all(s["text"].endswith("。") for s in doc["sentences"])
    for sentence in doc["sentences"]:
        (c,) = sentence["citations"]  # extractive: the sentence itself
        assert (CHINESE, other)[int(c["article_id"][1:])][c["start"] : c["end"]] == sentence["text"]


# ------------------------------------------------------------------ faults


class RaisingFuser(EchoFuser):
    """Raises on bundles whose text mentions 'poison' (its message quotes the input)."""

    def fuse(self, request: GenerationRequest) -> Any:
        text = " ".join(s.sentence.text for s in request.selected)
        if "poison" in text:
            raise RuntimeError(f"engine failed on input: {text[:80]}")
        return super().fuse(request)


class HangingFuser(EchoFuser):
    """Never returns once a request mentions 'hang' (until released, for cleanup)."""

    TRIGGER = _articles(
        WIRE + " Officials said the final decision would hang on a second vote in June.",
        WIRE.replace("Monday", "Tuesday").replace("seven", "eight"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def fuse(self, request: GenerationRequest) -> Any:
        if any("hang" in s.sentence.text for s in request.selected):
            self.release.wait(60)
        return super().fuse(request)


def test_engine_raising_fails_that_request_cleanly_and_others_go_on(caplog):
    poison = WIRE.replace("Monday", "Monday after a poison pen letter")
    app = create_app(settings(), backend(RaisingFuser()))
    with caplog.at_level(logging.DEBUG), TestClient(app) as c:
        failed = _post(c, _articles(poison, poison.replace("seven", "7")))
        assert _error(failed, 500, None)["type"] == "internal_error"
        assert "poison" not in failed.text and "RuntimeError" not in failed.text
        assert _post(c, _articles(WIRE, WIRE.replace("Monday", "Tuesday"))).status_code == 200
        assert c.get("/readyz").status_code == 200  # the worker recovered at once
    assert "poison" not in caplog.text
    # The type is logged, for the operator.
    assert any(getattr(r, "error", None) == "RuntimeError" for r in caplog.records)


@pytest.mark.slow
def test_hung_engine_times_out_the_request_then_marks_the_worker_dead():
    fuser = HangingFuser()
    s = settings(request_timeout_s=0.5, worker_hang_s=1.5, queue_size=4)
    app = create_app(s, backend(fuser))
    try:
        with TestClient(app) as c:
            hung = _post(c, HangingFuser.TRIGGER)
            assert _error(hung, 504, None)["type"] == "timeout"
            deadline = time.monotonic() + 10
            while c.get("/readyz").status_code == 200 and time.monotonic() < deadline:
                time.sleep(0.1)
            ready = c.get("/readyz")
            assert ready.status_code == 503 and ready.json()["ready"] is False
            assert c.get("/healthz").json()["worker_alive"] is False
            after = _post(c, _articles(WIRE, WIRE))
            assert _error(after, 503, None)["type"] == "unavailable"
            assert isinstance(app.state.backend.worker.death_cause, WorkerHung)
    finally:
        fuser.release.set()


@pytest.mark.slow
def test_hung_engine_makes_the_server_exit_for_a_restart():
    fuser = HangingFuser()
    s = settings(request_timeout_s=0.5, worker_hang_s=1.0, exit_on_worker_failure=True)
    app = create_app(s, backend(fuser))
    try:
        with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            assert http.post("/v1/summarize", json=HangingFuser.TRIGGER).status_code == 504
            server = app.state.server
            deadline = time.monotonic() + 15
            while not server.should_exit and time.monotonic() < deadline:
                time.sleep(0.05)
            assert server.should_exit and app.state.worker_failed
    finally:
        fuser.release.set()


# ------------------------------------------------------------------ slow clients


def _raw_request(url: str, body: bytes, declared: int) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    head = (
        f"POST /v1/summarize HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()
    sock.sendall(head + body)
    return sock


def _read_status(sock: socket.socket) -> tuple[int, bytes]:
    """The status and the whole response (headers, then Content-Length bytes of body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return (int(data.split(b" ", 2)[1]) if data else 0), data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return int(head.split(b" ", 2)[1]), head + b"\r\n\r\n" + body


def test_slow_loris_body_gets_408_and_others_are_served():
    app = create_app(settings(body_timeout_s=1.0), backend())
    payload = json.dumps(_articles(WIRE, WIRE)).encode()
    with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        started = time.monotonic()
        sock = _raw_request(url, payload[:10], declared=len(payload))  # then nothing more
        try:
            # Others are served while the slow client holds its connection.
            assert http.post("/v1/summarize", json=_articles(WIRE, WIRE)).status_code == 200
            status, data = _read_status(sock)
        finally:
            sock.close()
        assert status == 408, data
        assert b'"param":"body"' in data
        assert time.monotonic() - started < 8
        assert http.get("/readyz").status_code == 200


def test_trickled_body_is_cut_off_at_the_deadline():
    app = create_app(settings(body_timeout_s=1.0), backend())
    payload = json.dumps(_articles(WIRE, WIRE)).encode()
    with live_server(app) as url:
        sock = _raw_request(url, b"", declared=len(payload))
        try:
            started = time.monotonic()
            sent = 0
            while sent < len(payload) and time.monotonic() - started < 8:
                readable, _, _ = select.select([sock], [], [], 0.2)
                if readable:  # the server answered: read it all
                    break
                try:
                    sock.sendall(payload[sent : sent + 1])  # a byte every 0.2 s
                except OSError:  # closed between two bytes
                    break
                sent += 1
            status, data = _read_status(sock)
            assert status == 408 and sent < len(payload), data
            assert time.monotonic() - started < 5
        finally:
            sock.close()
