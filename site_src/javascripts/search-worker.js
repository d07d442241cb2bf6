/* Archive search, off the main thread: loads the manifest and the week
 * shards (newest first), runs each query on every shard in the date range and
 * posts results as they grow. Terms follow generator/search/terms.py: runs
 * of letters and digits, lower-cased, English stop words dropped, stemmed. */
if (typeof importScripts === "function") importScripts("vendor/lunr.min.js"); // a page may load this file to test it

const WORD = /[\p{L}\p{N}]+/gu;
const ARXIV_ID = /(?:\barxiv:?\s*)?\b(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?\b/gi;
const AHEAD = 3; // shards fetched ahead of the one being searched
let root = null;
let manifest = null;
let manifestLoaded = null; // Promise of the manifest: searches typed early wait for it
const shards = new Map(); // shard id -> Promise of {papers, index, titles}
const texts = new Map(); // shard id -> Promise of abstracts
let current = 0; // id of the newest search; older ones stop

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") init(message.root);
  if (message.type === "search") { current = message.id; search(message).catch(fail(message.id)); }
  if (message.type === "snippets") snippets(message).catch(fail(message.id));
};

const fail = (id) => (error) => self.postMessage({ type: "error", id, message: String(error) });

async function getJSON(path) {
  const response = await fetch(new URL(path, root));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

async function init(base) {
  root = base;
  manifestLoaded = getJSON("search/manifest.json");
  try {
    manifest = await manifestLoaded;
  } catch (error) {
    self.postMessage({ type: "error", id: 0, message: String(error) });
    return;
  }
  self.postMessage({ type: "ready", papers: manifest.papers, topics: manifest.topics });
  if (manifest.shards.length) loadShard(manifest.shards[0]); // the newest week, before any query
}

function loadShard(entry) {
  if (!shards.has(entry.id)) {
    shards.set(entry.id, getJSON(entry.index).then((data) => ({
      papers: data.papers, index: new lunr.Index(lazyIndex(data.index)), titles: new Map(),
    })));
  }
  return shards.get(entry.id);
}

/* A shard's compact index (generator/search/lunr_index.py `compact`) as the
 * parts of a lunr.Index. Postings and document vectors are made on first use:
 * a query touches a few terms and the documents that have them. */
function lazyIndex(data) {
  const fields = data.fields;
  const number = new Map(data.terms.map((term, n) => [term, n]));
  const made = new Map();
  const once = (key, make) => (made.has(key) ? made.get(key) : made.set(key, make()).get(key));
  const lazy = (make) => new Proxy({}, { get: (_, key) => (typeof key === "string" ? make(key) : undefined) });
  return {
    fields,
    pipeline: lunr.Pipeline.load(data.pipeline),
    tokenSet: lunr.TokenSet.fromArray(data.terms),
    invertedIndex: lazy((term) => (number.has(term) ? once(`t ${term}`, () => posting(data, number.get(term))) : undefined)),
    fieldVectors: lazy((fieldRef) => once(`v ${fieldRef}`, () => vector(data, fieldRef))),
  };
}

function posting(data, n) {
  const found = { _index: n };
  data.fields.forEach((field, f) => {
    found[field] = {};
    let ref = 0;
    for (const gap of data.postings[n][f]) { ref += gap; found[field][ref] = {}; }
  });
  return found;
}

function vector(data, fieldRef) {
  const [field, ref] = fieldRef.split("/");
  const packed = data.vectors[field][Number(ref)] || [];
  const elements = [];
  let n = 0;
  for (let i = 0; i < packed.length; i += 2) { n += packed[i]; elements.push(n, packed[i + 1] / 1000); }
  return new lunr.Vector(elements);
}

/* Query words as index terms, and arXiv ids (matched against the papers' ids, not the index). */
function parse(text) {
  const ids = [...text.matchAll(ARXIV_ID)].map((found) => found[1].toLowerCase());
  text = text.replace(ARXIV_ID, " ");
  const words = text.toLowerCase().match(WORD) || [];
  const typing = /[\p{L}\p{N}]$/u.test(text); // the last word may be unfinished
  const terms = [];
  words.forEach((word, i) => {
    const prefix = typing && i === words.length - 1 && word.length >= 3;
    if (!prefix && !lunr.stopWordFilter(new lunr.Token(word))) return;
    const stem = lunr.stemmer(new lunr.Token(word)).toString();
    terms.push({ word, stem: prefix && !word.startsWith(stem) ? word : stem, prefix });
  });
  return { terms, words, ids };
}

function stemsOf(text) {
  return (text.toLowerCase().match(WORD) || []).map((word) => lunr.stemmer(new lunr.Token(word)).toString());
}

function has(stems, term) {
  return stems.some((stem) => (term.prefix ? stem.startsWith(term.stem) : stem === term.stem));
}

/* 0: the title is the query; 1: every term in the title; 2: some; 3: none (abstract only). */
function tier(shard, ref, query) {
  const title = shard.papers[ref][1];
  if (!shard.titles.has(ref)) shard.titles.set(ref, stemsOf(title));
  const stems = shard.titles.get(ref);
  if (title.toLowerCase().match(WORD)?.join(" ") === query.words.join(" ")) return 0;
  const inTitle = query.terms.filter((term) => has(stems, term)).length;
  return inTitle === query.terms.length ? 1 : inTitle ? 2 : 3;
}

function inRange(entry, filters) {
  if (!entry.first) return !filters.from && !filters.to; // undated papers: only without a date filter
  return (!filters.from || entry.last >= filters.from) && (!filters.to || entry.first <= filters.to);
}

function keep(paper, filters) {
  const day = paper[2];
  if ((filters.from || filters.to) && !day) return false;
  return (!filters.from || day >= filters.from) && (!filters.to || day <= filters.to)
    && (!filters.topic || paper[3].includes(filters.topic));
}

function lunrMatches(shard, query, required) {
  const presence = required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL;
  return shard.index.query((q) => {
    for (const term of query.terms) {
      q.term(term.stem, {
        usePipeline: false, presence,
        wildcard: term.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
      });
    }
  });
}

function matches(entry, shard, query, filters, required) {
  const all = () => shard.papers.map((paper, ref) => ({ entry, shard, ref: String(ref), score: 0, tier: 0 }));
  let found;
  if (query.ids.length) { // an arXiv id: that paper (and the words, if any, must match it too)
    const words = query.terms.length ? new Set(lunrMatches(shard, query, required).map((r) => r.ref)) : null;
    found = all().filter((m) => query.ids.includes((shard.papers[m.ref][5] || "").toLowerCase()) && (!words || words.has(m.ref)));
  } else if (!query.terms.length) { // no words, only filters: the papers in range, newest first
    found = all();
  } else {
    found = lunrMatches(shard, query, required).map((result) => (
      { entry, shard, ref: result.ref, score: result.score, tier: tier(shard, result.ref, query) }));
  }
  return found.filter((match) => keep(shard.papers[match.ref], filters));
}

function byRank(a, b) {
  return a.tier - b.tier || b.score - a.score
    || (b.shard.papers[b.ref][2] || "").localeCompare(a.shard.papers[a.ref][2] || "");
}

function report(request, found, progress) {
  found.sort(byRank);
  const top = found.slice(0, request.limit).map((match) => {
    const [url, title, day, topics, authors] = match.shard.papers[match.ref];
    return { shard: match.entry.id, ref: match.ref, url, title, day, topics, authors, tier: match.tier };
  });
  self.postMessage({ type: "results", id: request.id, total: found.length, results: top, ...progress });
}

async function search(request) {
  manifest = await manifestLoaded;
  const query = parse(request.query);
  const filtered = request.filters.topic || request.filters.from || request.filters.to;
  if (!query.terms.length && !query.ids.length && !filtered) {
    self.postMessage({ type: "results", id: request.id, total: 0, results: [], done: true, searched: 0, of: 0, empty: true });
    return;
  }
  const entries = manifest.shards.filter((entry) => inRange(entry, request.filters));
  const found = [];
  let lastPost = 0;
  for (let i = 0; i < entries.length; i++) {
    entries.slice(i + 1, i + 1 + AHEAD).forEach(loadShard);
    const shard = await loadShard(entries[i]);
    if (request.id !== current) return;
    found.push(...matches(entries[i], shard, query, request.filters, true));
    const now = performance.now();
    if (i === 0 || now - lastPost > 150) {
      report(request, found, { done: false, searched: i + 1, of: entries.length, terms: query.terms.map((t) => t.stem) });
      lastPost = now;
    }
  }
  let any = false;
  if (!found.length && query.terms.length > 1) { // nothing has every word: papers with any of them
    for (const entry of entries) found.push(...matches(entry, await loadShard(entry), query, request.filters, false));
    any = found.length > 0;
  }
  report(request, found, { done: true, searched: entries.length, of: entries.length, any });
}

/* Abstract snippets around the first matched words, as [text, highlighted] runs. */
async function snippets(request) {
  const query = parse(request.query);
  const out = {};
  for (const { shard: id, ref } of request.results) {
    const entry = manifest.shards.find((candidate) => candidate.id === id);
    if (!texts.has(id)) texts.set(id, getJSON(entry.text));
    out[`${id}/${ref}`] = { snippet: marked((await texts.get(id))[ref], query, 36) };
    const shard = await loadShard(entry);
    out[`${id}/${ref}`].title = marked(shard.papers[ref][1], query, Infinity);
  }
  if (request.id === current) self.postMessage({ type: "snippets", id: request.id, snippets: out });
}

function marked(text, query, width) {
  const tokens = text.split(/([\p{L}\p{N}]+)/u); // words at odd positions
  const hit = (token, i) => i % 2 === 1 && query.terms.some((term) => has(stemsOf(token), term));
  const first = tokens.findIndex(hit);
  let start = 0, end = tokens.length;
  if (Number.isFinite(width)) {
    start = Math.max(0, (first < 0 ? 0 : first) - Math.floor(width * 2 / 3));
    end = Math.min(tokens.length, start + width * 2);
  }
  const runs = tokens.slice(start, end).map((token, j) => [token, hit(token, start + j)]);
  if (start > 0) runs.unshift(["… ", false]);
  if (end < tokens.length) runs.push([" …", false]);
  return runs;
}
