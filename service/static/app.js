// newsfuse page: plain JavaScript, no build step, no external resources.
// Citations are offsets in Unicode code points (Python str indices) into each article's text as
// posted; JavaScript strings count UTF-16 units, so texts are sliced as arrays of code points.
"use strict";

const KEY_STORAGE = "newsfuse-api-key";
const $ = (id) => document.getElementById(id);

let editorSeq = 0;
let extraOptions = {}; // options of a loaded bundle other than mode and length (kept as given)
let active = null; // index of the summary sentence whose sources stay highlighted
let sentenceTargets = []; // summary sentence index -> the source elements it cites

// ------------------------------------------------------------------ API

class ApiFailure extends Error {
  constructor(status, message, param, retryAfter, requestId) {
    super(message);
    this.status = status;
    this.param = param || null;
    this.retryAfter = retryAfter;
    this.requestId = requestId;
  }
}

function apiKey() {
  return $("api-key").value.trim();
}

async function api(path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) headers.Authorization = "Bearer " + key;
  let response;
  try {
    response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiFailure(0, "Could not reach the newsfuse server. Is it running?");
  }
  let doc = null;
  try {
    doc = await response.json();
  } catch (err) {
    doc = null;
  }
  if (response.ok && doc) return doc;
  const error = (doc && doc.error) || {};
  throw new ApiFailure(
    response.status,
    error.message || response.statusText || "unexpected answer",
    error.param,
    response.headers.get("Retry-After"),
    response.headers.get("X-Request-ID"),
  );
}

// ------------------------------------------------------------------ article editors

function addEditor(article) {
  const a = article || {};
  const n = editorSeq++;
  const box = document.createElement("fieldset");
  box.className = "article";
  box.dataset.n = String(n);
  const legend = document.createElement("legend");
  box.append(legend);
  const row = document.createElement("div");
  row.className = "row";
  row.append(field(n, "id", "Id (optional)", a.id), field(n, "title", "Title (optional)", a.title));
  box.append(row, field(n, "text", "Text", a.text, true), seenBox(n, a.seen));
  // Fields the page has no input for (url, source, published_at) travel with the article.
  box.extra = {};
  for (const name of ["url", "source", "published_at"]) {
    if (a[name] !== undefined && a[name] !== null) box.extra[name] = a[name];
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "remove";
  remove.addEventListener("click", () => {
    const next = box.nextElementSibling || box.previousElementSibling;
    box.remove();
    if (!editors().length) addEditor();
    renumber();
    const target = next && next.querySelector("textarea");
    (target || $("add-article")).focus();
  });
  box.append(remove);
  $("articles").append(box);
  renumber();
  return box;
}

function field(n, name, text, value, multiline) {
  const wrap = document.createElement("div");
  const id = `a${n}-${name}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = text;
  const input = document.createElement(multiline ? "textarea" : "input");
  if (!multiline) input.type = "text";
  input.id = id;
  input.name = name;
  input.dataset.field = name;
  if (multiline) input.rows = 6;
  input.value = value == null ? "" : String(value);
  // A text area turns CR LF into LF: unedited, a loaded text is posted exactly as in its file.
  if (multiline) input.original = input.value === "" ? undefined : String(value);
  const error = document.createElement("p");
  error.className = "field-error";
  error.id = id + "-error";
  input.setAttribute("aria-describedby", error.id);
  wrap.append(label, input, error);
  return wrap;
}

// "Seen": the reader already knows this article; the summary says what the others add.
function seenBox(n, checked) {
  const label = document.createElement("label");
  label.className = "seen";
  const input = document.createElement("input");
  input.type = "checkbox";
  input.id = `a${n}-seen`;
  input.dataset.field = "seen";
  input.checked = Boolean(checked);
  label.append(input, "Seen: the reader knows this one (summarise what is new since)");
  return label;
}

function editors() {
  return Array.from($("articles").querySelectorAll("fieldset.article"));
}

function renumber() {
  editors().forEach((box, i) => {
    box.querySelector("legend").textContent = `Article ${i + 1}`;
    box.querySelector(".remove").textContent = "Remove";
    box.querySelector(".remove").setAttribute("aria-label", `Remove article ${i + 1}`);
  });
}

function isBlank(box) {
  return Array.from(box.querySelectorAll("input:not([type=checkbox]), textarea")).every(
    (el) => !el.value.trim(),
  );
}

function setArticles(articles, replace) {
  if (replace) $("articles").replaceChildren();
  else editors().filter(isBlank).forEach((box) => box.remove());
  for (const a of articles) addEditor(a);
  if (!editors().length) addEditor();
  renumber();
}

function loadBundle(doc, replace, origin) {
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.articles)) {
    throw new ApiFailure(0, `${origin} is not a newsfuse bundle: it needs an "articles" list.`);
  }
  const options = Object.assign({}, doc.options || {});
  const seen = new Set(Array.isArray(options.seen) ? options.seen : []);
  const articles = doc.articles.map((a) => (typeof a === "string" ? { text: a } : a || {}));
  setArticles(articles.map((a) => ({ ...a, seen: a.id !== undefined && seen.has(a.id) })), replace);
  if (options.mode) setMode(options.mode);
  if (options.max_words !== undefined) $("max-words").value = String(options.max_words);
  if (typeof options.focus === "string") $("focus").value = options.focus;
  for (const name of ["mode", "max_words", "focus", "seen"]) delete options[name];
  extraOptions = options;
}

function setMode(mode) {
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.checked = radio.value === mode;
  }
}

async function readFiles(files) {
  const added = [];
  for (const file of files) {
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch (err) {
      throw new ApiFailure(0, `The file "${file.name}" is not UTF-8 text.`);
    }
    if (/\.json$/i.test(file.name) || file.type === "application/json") {
      let doc;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new ApiFailure(0, `The file "${file.name}" is not valid JSON.`);
      }
      loadBundle(doc, false, `The file "${file.name}"`);
    } else {
      added.push({ id: file.name.replace(/\.txt$/i, ""), text });
    }
  }
  if (added.length) setArticles(added, false);
}

async function openFiles(files, how) {
  clearErrors();
  try {
    await readFiles(files);
    say(`${files.length} file${files.length === 1 ? "" : "s"} ${how}.`);
  } catch (err) {
    showError(err);
  }
}

// ------------------------------------------------------------------ request

function buildRequest() {
  const sent = []; // editor of each posted article, in order (errors name articles[i])
  const articles = [];
  const seen = []; // ids of the articles marked seen
  for (const box of editors()) {
    if (isBlank(box) && editors().length > 1) continue;
    const a = {};
    const id = box.querySelector('[data-field="id"]').value.trim();
    const title = box.querySelector('[data-field="title"]').value;
    if (id) a.id = id;
    if (title.trim()) a.title = title;
    const area = box.querySelector('[data-field="text"]');
    const loaded = area.original;
    a.text = loaded !== undefined && area.value === loaded.replace(/\r\n?/g, "\n") ? loaded : area.value;
    Object.assign(a, box.extra);
    if (box.querySelector('[data-field="seen"]').checked) {
      // A seen article is named by its id: one without gets a free one here.
      if (!a.id) a.id = freeId(articles.length + 1);
      seen.push(a.id);
    }
    articles.push(a);
    sent.push(box);
  }
  const raw = $("max-words").value.trim();
  const words = Number(raw);
  const checked = document.querySelector('input[name="mode"]:checked');
  const options = Object.assign({}, extraOptions, {
    mode: checked ? checked.value : "abstractive",
    // A non-integer goes as typed: the server's error names the field.
    max_words: raw !== "" && Number.isInteger(words) ? words : raw,
  });
  // Sent as typed (an all-blank focus too): the server's error names the field.
  const focus = $("focus").value;
  if (focus !== "") options.focus = focus;
  if (seen.length) options.seen = seen;
  return { body: { articles, options }, sent };
}

// An article id no editor uses: "article-N".
function freeId(n) {
  const used = new Set(editors().map((box) => box.querySelector('[data-field="id"]').value.trim()));
  let k = n;
  while (used.has(`article-${k}`)) k++;
  return `article-${k}`;
}

let busy = false;

async function summarize(event) {
  event.preventDefault();
  if (busy) return;
  clearErrors();
  const { body, sent } = buildRequest();
  // aria-disabled, not disabled: the button keeps the keyboard focus while it waits.
  const button = $("submit");
  busy = true;
  button.setAttribute("aria-disabled", "true");
  const started = performance.now();
  say(`Summarizing ${body.articles.length} article(s)…`);
  // The seconds count is for the eyes; the live region announces the start and the end only.
  const tick = () => ($("elapsed").textContent = `${Math.round((performance.now() - started) / 1000)} s`);
  tick();
  const timer = setInterval(tick, 1000);
  try {
    const doc = await api("/v1/summarize", body);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    showResult(doc, body.articles);
    say(`Summary ready: ${doc.sentences.length} sentences, ${doc.summary.split(/\s+/).filter(Boolean).length} words, in ${seconds} s.`);
    $("summary-heading").focus({ preventScroll: true });
    $("result").scrollIntoView({ block: "start" });
  } catch (err) {
    say("");
    showError(err, sent);
  } finally {
    clearInterval(timer);
    $("elapsed").textContent = "";
    busy = false;
    button.removeAttribute("aria-disabled");
  }
}

// ------------------------------------------------------------------ result

function showResult(doc, articles) {
  active = null;
  const usage = doc.articles || [];
  // The response lists the articles in the order posted, with the ids the server used.
  const posted = articles.map((a, i) => ({ ...a, id: (usage[i] && usage[i].id) || a.id }));
  const spans = new Map(posted.map((a) => [a.id, []]));
  doc.sentences.forEach((s, i) => {
    for (const c of s.citations) {
      if (spans.has(c.article_id)) spans.get(c.article_id).push({ start: c.start, end: c.end, sentence: i });
    }
  });
  sentenceTargets = doc.sentences.map(() => []);
  const list = $("source-list");
  list.replaceChildren();
  const followup = doc.followup || null;
  const seenIds = new Set((followup && followup.seen) || []);
  posted.forEach((a, i) =>
    list.append(renderSource(a, usage[i] || {}, spans.get(a.id) || [], seenIds.has(a.id))),
  );
  $("sources-empty").hidden = true;

  const summary = $("summary");
  summary.replaceChildren();
  doc.sentences.forEach((s, i) => {
    summary.append(renderSentence(s, i));
    if (i < doc.sentences.length - 1) summary.append(" ");
  });
  summary.dataset.text = doc.summary;

  const warnings = $("warnings");
  warnings.replaceChildren();
  // Each warning is {code, message}: the editor reads the message; the code stays on the
  // item for whoever inspects the page.
  for (const w of doc.warnings.length ? doc.warnings : [{ code: "", message: "none" }]) {
    const li = document.createElement("li");
    li.textContent = w.message;
    if (w.code) li.dataset.code = w.code;
    warnings.append(li);
  }
  const rows = $("timings").querySelector("tbody");
  rows.replaceChildren();
  for (const [stage, ms] of Object.entries(doc.timings_ms)) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = stage;
    const td = document.createElement("td");
    td.className = "num";
    td.textContent = Math.round(ms).toLocaleString("en");
    tr.append(th, td);
    rows.append(tr);
  }
  const f = doc.fusion;
  const model = doc.model || {};
  $("fusion-stats").textContent =
    (f
      ? `Grouped fusion: ${f.groups} groups, ${f.fused} fused, ${f.fallback} fallback, ` +
        `${f.verbatim} verbatim; ${f.merges_failed} of ${f.merges_tried} merges failed their check. `
      : "") +
    (followup ? followupNote(followup) : "") +
    `Written ${doc.mode}. Models: ${model.embedder}, ${model.fuser} (${model.engine}, ${model.device}).`;
  $("result").hidden = false;
}

function followupNote(f) {
  const what = [];
  if (f.focus !== null) what.push(`focused on "${f.focus}"`);
  if (f.seen.length) what.push(`new since ${f.seen.length} seen article(s)`);
  if (f.previous_summary) what.push("new since the previous summary");
  return `Follow-up (${what.join(", ")}): ${f.kept} of ${f.candidates} candidate sentences kept. `;
}

function renderSource(article, usage, cites, seen) {
  const section = document.createElement("section");
  section.className = "source";
  section.dataset.articleId = article.id;
  const h = document.createElement("h3");
  h.tabIndex = -1;
  h.textContent = article.id;
  if (article.title) {
    const t = document.createElement("span");
    t.className = "title";
    t.textContent = ` — ${article.title}`;
    h.append(t);
  }
  if (seen) h.append(badge("note", "seen"));
  if (usage.duplicate_of) h.append(badge("note", `duplicate of ${usage.duplicate_of}`));
  else if (usage.used === false) h.append(badge("note", "not cited"));
  section.append(h);
  const text = document.createElement("p");
  text.className = "source-text";
  // Cut the text at every citation boundary (code points); each piece inside a citation is a
  // span that knows which summary sentences cite it.
  const points = Array.from(article.text);
  const bounds = new Set([0, points.length]);
  for (const c of cites) {
    bounds.add(Math.max(0, Math.min(c.start, points.length)));
    bounds.add(Math.max(0, Math.min(c.end, points.length)));
  }
  const cuts = Array.from(bounds).sort((x, y) => x - y);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const start = cuts[k];
    const end = cuts[k + 1];
    const piece = points.slice(start, end).join("");
    const covering = cites.filter((c) => c.start <= start && end <= c.end);
    if (!covering.length) {
      text.append(piece);
      continue;
    }
    const span = document.createElement("span");
    span.className = "cite";
    span.tabIndex = -1;
    span.dataset.start = String(start);
    span.dataset.end = String(end);
    span.dataset.cites = Array.from(new Set(covering.map((c) => `${c.start}-${c.end}`))).join(" ");
    span.textContent = piece;
    for (const c of covering) {
      if (!sentenceTargets[c.sentence].includes(span)) sentenceTargets[c.sentence].push(span);
    }
    text.append(span);
  }
  section.append(text);
  return section;
}

const METHOD_NOTES = {
  fallback: "a merge failed its check, so a source sentence is shown verbatim",
  verbatim: "one source sentence, lightly cleaned",
  fused: "merged from its sources and checked",
  generated: "written by the model from the selection (one-shot)",
  extracted: "a source sentence as it is",
};

function renderSentence(s, i) {
  const span = document.createElement("span");
  span.className = "sent";
  span.tabIndex = 0;
  span.dataset.i = String(i);
  span.dataset.method = s.method;
  span.append(s.text);
  const num = document.createElement("span");
  num.className = "num";
  num.textContent = `[${i + 1}]`;
  num.setAttribute("aria-hidden", "true");
  span.append(num);
  if (s.method && s.method !== "extracted") span.append(badge(s.method, s.method));
  if (!s.supported) {
    span.classList.add("unsupported");
    const terms = s.unsupported_terms.length ? `: ${s.unsupported_terms.join(", ")}` : "";
    span.append(badge("unsupported", `unsupported${terms}`));
  }
  // What a screen reader says after the sentence.
  const note = document.createElement("span");
  note.className = "visually-hidden";
  const where = s.citations.map((c) => `${c.article_id}, characters ${c.start} to ${c.end}`);
  note.textContent =
    ` Sentence ${i + 1}: ${METHOD_NOTES[s.method] || s.method}. ` +
    (where.length ? `Sources: ${where.join("; ")}.` : "No sources.");
  span.append(note);
  span.setAttribute("role", "button");
  span.addEventListener("mouseenter", () => highlight(i, true));
  span.addEventListener("mouseleave", () => highlight(active, false));
  span.addEventListener("focus", () => {
    active = i;
    highlight(i, true);
  });
  // A tap on a phone (sources below) goes to them; a click beside them only marks them.
  span.addEventListener("click", () => (isStacked() ? jumpToSource(i) : highlight(i, true)));
  span.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      jumpToSource(i);
    }
  });
  return span;
}

function badge(kind, text) {
  const b = document.createElement("span");
  b.className = `badge ${kind}`;
  b.textContent = text;
  return b;
}

function highlight(i, scroll) {
  for (const el of document.querySelectorAll(".cite.hl")) el.classList.remove("hl");
  for (const el of document.querySelectorAll(".source.has-hl")) el.classList.remove("has-hl");
  for (const el of document.querySelectorAll(".sent.active")) el.classList.remove("active");
  if (i === null || i === undefined) return;
  const sent = document.querySelector(`.sent[data-i="${i}"]`);
  if (sent) sent.classList.add("active");
  const targets = sentenceTargets[i] || [];
  for (const el of targets) {
    el.classList.add("hl");
    el.closest(".source").classList.add("has-hl");
  }
  if (scroll && targets.length) scrollPanelTo(targets[0]);
}

// Beside the summary (wide screens) the sources panel scrolls by itself, leaving the page and
// the sentence in place. Stacked (phones), only Enter or a tap moves the page to the sources.
function scrollPanelTo(el) {
  const panel = $("sources");
  if (panel.scrollHeight <= panel.clientHeight || getComputedStyle(panel).overflowY !== "auto") return;
  const top = el.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
  panel.scrollTop = Math.max(0, top - panel.clientHeight / 3);
}

function jumpToSource(i) {
  active = i;
  highlight(i, true);
  const first = (sentenceTargets[i] || [])[0];
  if (!first) return;
  first.focus({ preventScroll: true });
  if (isStacked()) first.scrollIntoView({ block: "center", inline: "nearest" });
}

function isStacked() {
  return getComputedStyle($("sources")).position !== "sticky";
}

async function copySummary() {
  const text = $("summary").dataset.text || "";
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    // No clipboard API outside a secure context: copy through a selected text area.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) {
      say("Could not copy: select the summary and copy it by hand.");
      return;
    }
  }
  say("Summary copied.");
}

// ------------------------------------------------------------------ messages

function say(text) {
  $("status").textContent = text;
}

function clearErrors() {
  $("error").hidden = true;
  $("error").replaceChildren();
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of document.querySelectorAll(".field-error")) el.textContent = "";
}

// The field an error's `param` names: "articles[2].text" -> the third posted article's text.
function fieldFor(param, sent) {
  if (!param) return null;
  const m = /^articles\[(\d+)\](?:\.(\w+))?/.exec(param);
  if (m) {
    const box = (sent || [])[Number(m[1])];
    if (!box) return null;
    const n = editors().indexOf(box) + 1;
    const input = m[2] && box.querySelector(`[data-field="${m[2]}"]`);
    const label = m[2] ? `Article ${n}, ${m[2]}` : `Article ${n}`;
    return { label, input: input || box.querySelector("textarea"), box };
  }
  if (param === "articles") return { label: "Articles", input: editors()[0].querySelector("textarea") };
  if (param === "options.max_words") return { label: "Length", input: $("max-words") };
  if (param === "options.mode") return { label: "Mode", input: document.querySelector('input[name="mode"]'), box: $("mode") };
  if (param === "options.focus") return { label: "Focus", input: $("focus") };
  const seen = /^options\.seen(?:\[(\d+)\])?$/.exec(param);
  if (seen) {
    const marked = (sent || []).filter((box) => box.querySelector('[data-field="seen"]').checked);
    const box = marked[Number(seen[1] || 0)] || marked[0];
    if (box) return { label: "Seen", input: box.querySelector('[data-field="seen"]'), box };
  }
  if (param.startsWith("options")) return { label: `Option ${param.slice(8)}`, input: $("max-words") };
  return null;
}

function explain(err) {
  const wait = err.retryAfter ? ` Try again in ${err.retryAfter} seconds.` : " Try again shortly.";
  switch (err.status) {
    case 0: return err.message;
    case 400: return `The request could not be read: ${err.message}.`;
    case 401: return "This server needs an API key: enter it in the API key box above, then try again.";
    case 403: return "The API key was not accepted: check it in the API key box above.";
    case 408: return "The request took too long to upload." + wait;
    case 413: return `Too large: ${err.message}.`;
    case 422: return `${err.message}.`;
    case 429: return "The server is busy with other summaries." + wait;
    case 503: return `The service is not ready (${err.message}).` + wait;
    case 504: return "The summary took too long and was stopped. Try fewer or shorter articles, or extractive mode.";
    default:
      return `The summary failed on the server (${err.status}).` +
        (err.requestId ? ` If it keeps failing, give the operators this request id: ${err.requestId}.` : "");
  }
}

function showError(err, sent) {
  if (!(err instanceof ApiFailure)) err = new ApiFailure(0, `Something went wrong in this page: ${err}`);
  const box = $("error");
  const target = fieldFor(err.param, sent);
  const p = document.createElement("p");
  if (target) {
    const strong = document.createElement("strong");
    strong.textContent = `${target.label}: `;
    p.append(strong);
  }
  p.append(explain(err));
  box.replaceChildren(p);
  box.hidden = false;
  if (err.status === 401 || err.status === 403) {
    $("key-section").hidden = false;
    $("api-key").setAttribute("aria-invalid", "true");
    $("api-key-error").textContent = explain(err);
    $("api-key").focus();
    return;
  }
  if (target) {
    const input = target.input;
    input.setAttribute("aria-invalid", "true");
    const note = (input.id && $(input.id + "-error")) || (target.box === $("mode") && $("mode-error"));
    if (note) note.textContent = explain(err);
    input.focus();
  }
}

// ------------------------------------------------------------------ story

// The story this browser follows, and per story the version last read here (localStorage:
// "new since your last visit" spans days, and a story id is not a secret the way a key is).
const STORY_STORAGE = "newsfuse-story";
const storySeenKey = (id) => `newsfuse-story-seen:${id}`;

function storyId() {
  return $("story-id").value.trim();
}

function storySay(text) {
  $("story-state").textContent = text;
  say(text);
}

function needStory() {
  const id = storyId();
  if (id) return id;
  $("story-id").setAttribute("aria-invalid", "true");
  $("story-id-error").textContent = "Open a new story, or enter the id of one, first.";
  $("story-id").focus();
  return null;
}

async function openStory() {
  clearErrors();
  const { body } = buildRequest();
  const first = body.articles.find((a) => a.title);
  try {
    const story = await api("/v1/stories", {
      ...(first ? { title: first.title } : {}),
      options: { mode: body.options.mode, max_words: body.options.max_words },
    });
    $("story-id").value = story.id;
    localStorage.setItem(STORY_STORAGE, story.id);
    storySay(`Story ${story.id} opened. Add articles to it.`);
  } catch (err) {
    showError(err);
  }
}

async function addToStory() {
  clearErrors();
  const id = needStory();
  if (!id) return;
  const { body, sent } = buildRequest();
  // A story names its articles by id: an editor without one gets a free one, written into the
  // editor so that adding the same articles again adds nothing.
  body.articles.forEach((a, i) => {
    if (!a.id) {
      a.id = freeId(i + 1);
      sent[i].querySelector('[data-field="id"]').value = a.id;
    }
  });
  try {
    const reply = await api(`/v1/stories/${encodeURIComponent(id)}/articles`, { articles: body.articles });
    localStorage.setItem(STORY_STORAGE, id);
    storySay(`Articles added: the story is at version ${reply.version}; its summary is being recomputed.`);
  } catch (err) {
    showError(err, sent);
  }
}

// The story's latest summary, waiting (a few tries) while its first version is recomputed.
async function storySummary(id) {
  for (let tries = 0; ; tries++) {
    try {
      return await api(`/v1/stories/${encodeURIComponent(id)}/summary`);
    } catch (err) {
      if (err.status !== 409 || tries >= 30) throw err;
      storySay("The story's first summary is being recomputed…");
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function readStory() {
  clearErrors();
  const id = needStory();
  if (!id) return;
  try {
    const doc = await storySummary(id);
    const version = doc.story.version;
    // The sources panel shows the articles the page has; the story's own order and ids.
    const known = new Map(buildRequest().body.articles.filter((a) => a.id).map((a) => [a.id, a]));
    const articles = doc.articles.map((u) => known.get(u.id) || { id: u.id, text: "" });
    showResult(doc, articles);
    const seen = Number(localStorage.getItem(storySeenKey(id)) || 0);
    const box = $("story-new");
    if (seen && seen < version) {
      const update = await api(`/v1/stories/${encodeURIComponent(id)}/summary?since=${seen}`);
      $("story-new-note").textContent = `Version ${seen} → ${version}: what the articles added since say.`;
      $("story-new-summary").textContent = update.summary || "Nothing new to summarise.";
      box.hidden = false;
    } else if (seen === version) {
      $("story-new-note").textContent = `Nothing new since your last visit (version ${version}).`;
      $("story-new-summary").textContent = "";
      box.hidden = false;
    } else {
      box.hidden = true;
    }
    localStorage.setItem(storySeenKey(id), String(version));
    localStorage.setItem(STORY_STORAGE, id);
    storySay(`Story summary, version ${version}: ${doc.sentences.length} sentences.`);
  } catch (err) {
    if (err.status === 404) {
      $("story-id").setAttribute("aria-invalid", "true");
      $("story-id-error").textContent = "No such story for this API key (or it expired).";
    }
    showError(err);
  }
}

// ------------------------------------------------------------------ start

async function start() {
  const stored = sessionStorage.getItem(KEY_STORAGE);
  if (stored) {
    $("api-key").value = stored;
    $("key-section").hidden = false;
  }
  $("api-key").addEventListener("change", () => {
    const key = apiKey();
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
    $("api-key").removeAttribute("aria-invalid");
    describeModels();
  });
  $("forget-key").addEventListener("click", () => {
    $("api-key").value = "";
    sessionStorage.removeItem(KEY_STORAGE);
    say("API key forgotten.");
    $("api-key").focus();
  });
  $("form").addEventListener("submit", summarize);
  // Editing a field the server rejected clears its mark.
  $("form").addEventListener("input", (event) => {
    if (event.target.getAttribute("aria-invalid")) event.target.removeAttribute("aria-invalid");
  });
  $("add-article").addEventListener("click", () => addEditor().querySelector("textarea").focus());
  $("remove-all").addEventListener("click", () => {
    setArticles([], true);
    extraOptions = {};
    editors()[0].querySelector("textarea").focus();
  });
  $("load-example").addEventListener("click", async () => {
    clearErrors();
    try {
      loadBundle(await api("/v1/example"), true, "The example");
      say(`Example bundle loaded: ${editors().length} articles.`);
    } catch (err) {
      showError(err);
    }
  });
  $("files").addEventListener("change", async (event) => {
    await openFiles(Array.from(event.target.files), "opened");
    event.target.value = "";
  });
  const drop = $("drop");
  const form = $("form");
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  form.addEventListener("dragleave", () => drop.classList.remove("over"));
  form.addEventListener("drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const files = Array.from(event.dataTransfer.files || []);
    if (files.length) await openFiles(files, "added");
    else {
      const text = event.dataTransfer.getData("text/plain");
      if (text) setArticles([{ text }], false);
    }
  });
  $("copy").addEventListener("click", copySummary);
  $("story-id").value = localStorage.getItem(STORY_STORAGE) || "";
  $("story-open").addEventListener("click", openStory);
  $("story-add").addEventListener("click", addToStory);
  $("story-read").addEventListener("click", readStory);
  // Escape in the sources goes back to the summary sentence they were reached from.
  $("source-list").addEventListener("keydown", (event) => {
    const sent = document.querySelector(`.sent[data-i="${active}"]`);
    if (event.key === "Escape" && sent) sent.focus();
  });
  addEditor();
  await describeModels();
}

// Which models serve, and the length limits, when the server lets us see them.
async function describeModels() {
  try {
    const info = await api("/v1/models");
    const m = info.model;
    $("model-info").textContent = `Serving ${m.fuser} (${m.engine}, ${m.device}) with ${m.embedder}.`;
    $("max-words").min = String(info.limits.min_words);
    $("max-words").max = String(info.limits.max_words);
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      $("key-section").hidden = false;
      say(err.status === 401 ? "This server needs an API key (see above)." : "The API key was not accepted.");
    } else if (err.status === 503) {
      say("The models are still loading; you can paste articles meanwhile.");
      setTimeout(describeModels, 3000);
    }
  }
}

document.addEventListener("DOMContentLoaded", start);
