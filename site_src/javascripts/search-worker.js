/* Archive search, off the main thread, over an index partitioned by term
 * (generator/search/index.py): a query fetches the vocabulary partitions and
 * postings of its words, the filters it uses, then the records of the results
 * it shows, then their paper pages for the snippets (the index keeps no
 * abstracts: the pages have them); never the whole archive. Scores are lunr's BM25, computed here from
 * term frequencies, field lengths and the manifest's global counts, exactly as
 * lunr.py's builder and lunr.js's query would. Terms follow
 * generator/search/terms.py: runs of letters and digits, lower-cased, English
 * stop words dropped, stemmed by lunr's stemmer. */
if (typeof importScripts === "function") importScripts("vendor/lunr.min.js"); // a page may load this file to test it

const WORD = /[\p{L}\p{N}]+/gu;
const ARXIV_ID = /(?:\barxiv:?\s*)?\b(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?\b/gi;
const PAPER_URL = /(?:^|\/)(papers\/[^/?#\s]+\/)/;
const K1 = 1.2, B = 0.75; // lunr's BM25 parameters
const EXACT_CHECKS = 30; // titles fetched to find an exact title match, at most
const KEPT_FILES = 120; // partitions and abstracts kept in memory, least recently used dropped
// A paper page's abstract (generator/pages/paper.py): its paragraphs after this heading, up to the next one.
const ABSTRACT = /<h2[^>]*\sid="abstract"[^>]*>[\s\S]*?<\/h2>([\s\S]*?)(?:<h2[\s>]|<\/article>|$)/;
const PARAGRAPH = /<p>([\s\S]*?)<\/p>/g;
const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi;
const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
let root = null;
let manifest = null;
let manifestLoaded = null; // Promise of the manifest: searches typed early wait for it
const files = new Map(); // path -> Promise of its JSON, in order of last use
let current = 0; // id of the newest search; older ones stop

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") init(message.root);
  if (message.type === "search") { current = message.id; search(message).catch(fail(message.id)); }
};

const fail = (id) => (error) => self.postMessage({ type: "error", id, message: String(error) });

/* A file's content, read(response), fetched once and kept while it is among the KEPT_FILES last used. */
function cached(path, read) {
  let found = files.get(path);
  if (found) files.delete(path);
  else {
    found = fetch(new URL(path, root)).then((response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return read(response);
    });
    found.catch(() => files.delete(path));
  }
  files.set(path, found);
  for (const old of files.keys()) {
    if (files.size <= KEPT_FILES) break;
    files.delete(old);
  }
  return found;
}

const getJSON = (path) => cached(path, (response) => response.json());

/* A paper page's abstract as plain text ("" if the page has none or cannot be read): its
 * paragraphs joined, tags dropped, character references decoded, whitespace collapsed, as the
 * generator's `plain` gives it. The page shows it as text, never as HTML. */
const abstractOf = (url) => cached(url, async (response) => abstractText(await response.text())).catch(() => "");

function abstractText(html) {
  const section = html.match(ABSTRACT);
  if (!section) return "";
  const text = [...section[1].matchAll(PARAGRAPH)].map((paragraph) => paragraph[1]).join(" ");
  const character = (code) => (code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd");
  return text.replace(/<[^>]*>/g, "").replace(ENTITY, (_, decimal, hex, name) => (
    decimal ? character(Number(decimal)) : hex ? character(parseInt(hex, 16)) : NAMED[name.toLowerCase()]))
    .replace(/\s+/g, " ").trim();
}

async function init(base) {
  root = base;
  manifestLoaded = fetch(new URL("search/manifest.json", root)).then((response) => {
    if (!response.ok) throw new Error(`search/manifest.json: HTTP ${response.status}`);
    return response.json();
  });
  try {
    manifest = await manifestLoaded;
  } catch (error) {
    self.postMessage({ type: "error", id: 0, message: String(error) });
    return;
  }
  self.postMessage({ type: "ready", papers: manifest.papers, topics: manifest.topics.map((t) => t.slice(0, 3)) });
}

/* The partition of a sorted directory ([[first key, hash], ...]) that would hold the key. */
function partitionOf(directory, key) {
  let low = 0, high = directory.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (directory[middle][0] <= key) low = middle; else high = middle - 1;
  }
  return low;
}

function find(part, key) {
  let low = 0, high = part.keys.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (part.keys[middle] === key) return middle;
    if (part.keys[middle] < key) low = middle + 1; else high = middle - 1;
  }
  return -1;
}

/* The directories of the author, arXiv id and URL lookups (they grow with the archive: not in the manifest). */
const lookups = () => getJSON(`search/lookups.${manifest.lookups}.json`);

async function lookup(kind, directory, key) {
  if (!directory.length) return undefined;
  const part = await getJSON(`search/${kind}/${directory[partitionOf(directory, key)][1]}.json`);
  const i = find(part, key);
  return i < 0 ? undefined : part.values[i];
}

/* Query words as index terms, arXiv ids and paper URLs (found through the lookup, not the index). */
function parse(text) {
  const url = text.includes("papers/") ? text.match(PAPER_URL) : null;
  if (url) text = "";
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
  return { terms, words, keys: url ? [url[1]] : ids };
}

function stemsOf(text) {
  return (text.toLowerCase().match(WORD) || []).map((word) => lunr.stemmer(new lunr.Token(word)).toString());
}

function has(stems, term) {
  return stems.some((stem) => (term.prefix ? stem.startsWith(term.stem) : stem === term.stem));
}

/* A query term's index terms: [term, [df per field], postings or postings file]. A prefix
 * expands to itself (if a term) and its most frequent completions, manifest.prefixTerms in all. */
async function expand(term) {
  const directory = manifest.terms;
  if (!term.prefix) {
    const value = await lookup("d", directory, term.stem);
    return value ? [[term.stem, value]] : [];
  }
  const first = partitionOf(directory, term.stem), last = partitionOf(directory, `${term.stem}\uffff`);
  const parts = await Promise.all(directory.slice(first, last + 1).map(([, hash]) => getJSON(`search/d/${hash}.json`)));
  const found = [];
  for (const part of parts) {
    part.keys.forEach((key, i) => { if (key.startsWith(term.stem)) found.push([key, part.values[i]]); });
  }
  const frequency = ([, value]) => value[0] + value[1];
  found.sort((a, b) => (b[0] === term.stem) - (a[0] === term.stem) || frequency(b) - frequency(a) || (a[0] < b[0] ? -1 : 1));
  return found.slice(0, manifest.prefixTerms);
}

/* Per field, the docs having the term (ascending), its frequencies and the field's lengths. */
async function postings([key, value]) {
  let packed = value[2];
  if (typeof packed === "string") {
    const part = await getJSON(`search/p/${packed}.json`);
    packed = part.values[find(part, key)];
  }
  return manifest.fields.map((_, f) => ({
    docs: decode(unpack(packed[3 * f])), tf: unpack(packed[3 * f + 1]), length: unpack(packed[3 * f + 2]),
  }));
}

/* A packed column's numbers: each is 5-bit groups, high first, one character each; the
 * last group of a number is a digit below 32 (generator/search/postings.py `pack`). */
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const DIGIT = new Int8Array(128);
for (let i = 0; i < DIGITS.length; i++) DIGIT[DIGITS.charCodeAt(i)] = i;

function unpack(text) {
  const numbers = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const value = DIGIT[text.charCodeAt(i)];
    n = n * 32 + (value & 31);
    if (value < 32) { numbers.push(n); n = 0; }
  }
  return numbers;
}

/* lunr's idf of a term in this many docs' fields (a doc counts once per field with the term). */
function idf(documentsWithTerm) {
  return Math.log(1 + Math.abs((manifest.papers - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)));
}

/* lunr's BM25 weight of a term in a doc's field, x 1000 and rounded as lunr rounds to 3 decimals
 * (the same operations, in the same order, as lunr.py's builder). */
function weight(termIdf, boost, average, tf, length) {
  const score = termIdf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf) * boost;
  return Math.round(score * 1000);
}

const decode = (gaps) => { let n = 0; return gaps.map((gap) => (n += gap)); };

/* The docs the filters allow, as a Set, or null for all. */
async function allowed(filters) {
  const sets = [];
  if (filters.topic) {
    const topic = manifest.topics.find(([slug]) => slug === filters.topic);
    sets.push(new Set(topic ? decode(await getJSON(`search/f/${topic[3]}.json`)) : []));
  }
  if (filters.tag) {
    const tag = (await getJSON(`search/tags.${manifest.tags}.json`)).find(([slug]) => slug === filters.tag);
    sets.push(new Set(tag ? decode(await getJSON(`search/f/${tag[2]}.json`)) : []));
  }
  if (filters.author) {
    const key = (filters.author.toLowerCase().match(WORD) || []).join(" ");
    sets.push(new Set(decode((await lookup("a", (await lookups()).authors, key)) || [])));
  }
  let range = null;
  if (filters.from || filters.to) range = await dayRange(filters.from, filters.to);
  if (!sets.length && !range) return null;
  let result = null;
  for (const set of sets) result = result ? new Set([...result].filter((n) => set.has(n))) : set;
  if (range) {
    const [low, high] = range;
    if (!result) { result = new Set(); for (let n = low; n < high; n++) result.add(n); }
    else result = new Set([...result].filter((n) => n >= low && n < high));
  }
  return result;
}

/* The doc numbers [low, high) of papers first seen from `from` to `to` (ISO days, either may be empty). */
async function dayRange(from, to) {
  const days = await getJSON(`search/days.${manifest.days}.json`);
  let low = null, high = days.undated, number = days.undated;
  let ordinal = days.first ? Date.parse(`${days.first}T00:00:00Z`) / 864e5 : 0;
  const after = (day) => (day ? Date.parse(`${day}T00:00:00Z`) / 864e5 : null);
  const start = after(from), end = after(to);
  days.gaps.forEach((gap, i) => {
    ordinal += gap;
    if ((start === null || ordinal >= start) && (end === null || ordinal <= end)) {
      if (low === null) low = number;
      high = number + days.counts[i];
    }
    number += days.counts[i];
  });
  return low === null ? [0, 0] : [low, high];
}

/* Docs matching the terms (all of them, or any when `any`), with lunr's score x 1000 and title
 * tier. Per-doc counts are arrays indexed by doc number: a few bytes per paper, no objects. */
function match(query, expanded, lists, any) {
  const count = manifest.papers;
  const weights = new Map(); // index term -> query weight (clauses expanding to it)
  expanded.forEach((terms) => terms.forEach(([key]) => weights.set(key, (weights.get(key) || 0) + 1)));
  const seen = new Int32Array(count), hits = new Int32Array(count);
  const titleSeen = new Int32Array(count), titleHits = new Int32Array(count), titleLength = new Int32Array(count);
  const candidates = [];
  lists.forEach((clause, c) => {
    for (const fields of clause) {
      fields.forEach(({ docs, length }, f) => {
        docs.forEach((doc, i) => {
          if (seen[doc] !== c + 1) {
            seen[doc] = c + 1;
            if (hits[doc]++ === 0 && (any || c === 0)) candidates.push(doc);
          }
          if (f === 0) {
            titleLength[doc] = length[i];
            if (titleSeen[doc] !== c + 1) { titleSeen[doc] = c + 1; titleHits[doc]++; }
          }
        });
      });
    }
  });
  const clauses = lists.length;
  const found = any ? candidates : candidates.filter((doc) => hits[doc] === clauses);
  const scores = new Float64Array(count); // exact: sums of integers
  const scored = new Set();
  expanded.forEach((terms, c) => terms.forEach(([key, value], t) => {
    if (scored.has(key)) return;
    scored.add(key);
    const factor = weights.get(key), termIdf = idf(value[0] + value[1]);
    lists[c][t].forEach(({ docs, tf, length }, f) => {
      const [, boost, total] = manifest.fields[f], average = total / count;
      for (let i = 0; i < docs.length; i++) scores[docs[i]] += factor * weight(termIdf, boost, average, tf[i], length[i]);
    });
  }));
  return found.map((doc) => {
    const tier = titleHits[doc] === clauses ? 1 : titleHits[doc] ? 2 : 3;
    return { doc, score: scores[doc], tier, exactCandidate: tier === 1 && titleLength[doc] === clauses };
  });
}

const byRank = (a, b) => a.tier - b.tier || b.score - a.score || b.doc - a.doc;

async function record(doc) {
  const { per, perDir, dirs } = manifest.records;
  const file = Math.floor(doc / per), dir = Math.floor(file / perDir);
  const hashes = await getJSON(`search/r/d${dir}.${dirs[dir]}.json`);
  return (await getJSON(`search/r/${file}.${hashes[file % perDir]}.json`))[doc % per];
}

async function search(request) {
  manifest = await manifestLoaded;
  const query = parse(request.query);
  const { filters } = request;
  const filtered = filters.topic || filters.tag || filters.author || filters.from || filters.to;
  if (!query.terms.length && !query.keys.length && !filtered) {
    self.postMessage({ type: "results", id: request.id, total: 0, results: [], done: true, empty: true });
    return;
  }
  const allowing = allowed(filters);
  const expanded = await Promise.all(query.terms.map(expand));
  const lists = await Promise.all(expanded.map((terms) => Promise.all(terms.map(postings))));
  const keep = await allowing;
  if (request.id !== current) return;
  let found, any = false;
  const kept = (matches) => (keep ? matches.filter((m) => keep.has(m.doc)) : matches);
  if (query.keys.length) { // an arXiv id or paper URL: that paper (and the words, if any, must match it too)
    const directories = await lookups();
    const docs = (await Promise.all(query.keys.map((key) => (key.startsWith("papers/")
      ? lookup("u", directories.urls, key) : lookup("i", directories.ids, key))))).filter((n) => n !== undefined);
    const words = query.terms.length ? new Set(match(query, expanded, lists, false).map((m) => m.doc)) : null;
    found = kept([...new Set(docs)].filter((doc) => !words || words.has(doc)).map((doc) => ({ doc, score: 0, tier: 0 })));
  } else if (!query.terms.length) { // only filters: the papers they allow, newest first
    found = [...keep].map((doc) => ({ doc, score: 0, tier: 0 }));
  } else {
    found = kept(match(query, expanded, lists, false));
    if (!found.length && query.terms.length > 1) { // nothing has every word: papers with any of them
      found = kept(match(query, expanded, lists, true));
      any = found.length > 0;
    }
  }
  found.sort(byRank);
  const candidates = found.filter((m) => m.exactCandidate).slice(0, EXACT_CHECKS);
  const provisional = found.slice(0, request.limit);
  const records = new Map();
  await Promise.all([...new Set([...candidates, ...provisional].map((m) => m.doc))].map(async (doc) => {
    records.set(doc, await record(doc));
  }));
  if (request.id !== current) return;
  const exact = query.words.join(" ");
  for (const m of candidates) if ((records.get(m.doc)[1].toLowerCase().match(WORD) || []).join(" ") === exact) m.tier = 0;
  found.sort(byRank);
  const results = found.slice(0, request.limit).map((m) => {
    const [url, title, day, topics, authors] = records.get(m.doc);
    return { doc: m.doc, url, day, topics, authors, title: marked(title, query, Infinity) };
  });
  // Shown at once; the snippets follow, from the shown results' paper pages (fetched in parallel).
  self.postMessage({ type: "results", id: request.id, total: found.length, results, done: !results.length, any });
  if (!results.length) return;
  const abstracts = await Promise.all(results.map((result) => abstractOf(result.url)));
  if (request.id !== current) return;
  self.postMessage({ type: "snippets", id: request.id, snippets: abstracts.map((text) => marked(text, query, 36)), done: true });
}

/* Text around the first matched words, as [text, highlighted] runs. */
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
