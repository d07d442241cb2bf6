/* The reader's layer of paper-archive, on every page, with no markup of its own in the pages:
 * - math: $…$, $$…$$, \(…\) and \[…\] in the article are typeset with KaTeX (vendor/katex/,
 *   loaded only when a page has a formula); a formula KaTeX cannot parse stays as its source;
 * - the reading list: a star on each paper (paper page, paper cards, search results), kept
 *   with the papers' titles, dates and citations in this browser's localStorage;
 * - watched keywords: words or authors whose papers are highlighted on day pages and in search.
 * Everything is built from the rendered page with DOM text nodes: no page text becomes markup.
 * window.paperArchive exposes typeset(element), starButton(record), watch(element, text) and
 * decorate(element, record) for pages that build their content later (the search page). */
(function () {
  "use strict";
  const script = document.currentScript;
  const here = new URL("./", script.src); // .../javascripts/
  const root = new URL("../", script.src);
  const pagePath = location.pathname.startsWith(root.pathname) ? location.pathname.slice(root.pathname.length) : "";
  const PAPER_PATH = /(?:^|\/)(papers\/[^/]+\/)$/;
  const DAY_PATH = /days\/(\d{4}-\d{2}-\d{2})\//;

  // ------------------------------------------------------------------ storage (this browser only)

  const storageKey = (name) => `paper-archive:${root.pathname}:${name}`;

  function load(name) {
    try {
      const value = JSON.parse(localStorage.getItem(storageKey(name)) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  function save(name, value) {
    try {
      localStorage.setItem(storageKey(name), JSON.stringify(value));
      return true;
    } catch (error) {
      return false; // storage off or full: the page still works, nothing is kept
    }
  }

  // ------------------------------------------------------------------ math

  // $$…$$, \[…\], \(…\), and $…$ whose $ opens before a non-space and closes after one, not before
  // a digit ("$5 and $10" is money, not math).
  const MATH = /\$\$([^$]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<![\\\w$])\$(?=[^\s$])([^$]*?[^\s\\$])\$(?![\d$])/g;
  const MAX_FORMULA = 1000; // characters; longer is not a formula
  const MAX_FORMULAS = 2000; // per call, so a hostile page cannot keep the browser busy
  const SKIP = "pre, code, script, style, textarea, input, .katex, .pa-math, .headerlink";
  const KATEX_OPTIONS = {
    throwOnError: true, // caught: the source stays
    trust: false, // no \href, \url, \includegraphics or \html…
    strict: "ignore",
    maxExpand: 200, // macro expansions per formula
    maxSize: 20, // em
    output: "htmlAndMathml",
  };
  // Commands that would link, load or add HTML: KaTeX refuses them (trust: false) but still shows
  // a red command name; the whole formula is shown as its source instead.
  const UNTRUSTED = /\\(?:href|url|includegraphics|html[A-Za-z]*)(?![A-Za-z])/;
  let katexLoading = null;

  function loadKatex() {
    katexLoading = katexLoading || new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("vendor/katex/katex.min.css", here).href;
      const js = document.createElement("script");
      js.src = new URL("vendor/katex/katex.min.js", here).href;
      js.onload = () => (window.katex ? resolve(window.katex) : reject(new Error("KaTeX missing")));
      js.onerror = () => reject(new Error("KaTeX could not be loaded"));
      document.head.append(css, js);
    });
    return katexLoading;
  }

  function mathTextNodes(element) {
    const found = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node.parentElement && node.parentElement.closest(SKIP)) return NodeFilter.FILTER_REJECT;
        const found = MATH.test(node.data);
        MATH.lastIndex = 0; // MATH is global: matchAll starts where test() left it
        return found ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    while (walker.nextNode() && found.length < MAX_FORMULAS) found.push(walker.currentNode);
    return found;
  }

  function typesetNode(katex, node, budget) {
    const inline = node.parentElement.closest("h1, h2, h3, h4, h5, h6, a, li, .pa-meta");
    const parts = document.createDocumentFragment();
    let position = 0;
    let changed = false;
    for (const match of node.data.matchAll(MATH)) {
      const tex = match[1] || match[2] || match[3] || match[4];
      if (budget.left <= 0 || tex.length > MAX_FORMULA || UNTRUSTED.test(tex)) continue;
      budget.left -= 1;
      const span = document.createElement("span");
      span.className = "pa-math";
      span.dataset.source = match[0];
      try {
        katex.render(tex, span, { ...KATEX_OPTIONS, displayMode: !inline && !match[3] && !match[4] });
      } catch (error) {
        continue; // not a formula KaTeX reads: shown as its source
      }
      parts.append(node.data.slice(position, match.index), span);
      position = match.index + match[0].length;
      changed = true;
    }
    if (!changed) return;
    parts.append(node.data.slice(position));
    node.replaceWith(parts);
  }

  /** Typesets the formulas in element; resolves when done (at once when there are none). */
  function typeset(element) {
    const nodes = element ? mathTextNodes(element) : [];
    if (!nodes.length) return Promise.resolve(0);
    return loadKatex().then((katex) => {
      const budget = { left: MAX_FORMULAS };
      for (const node of nodes) if (node.isConnected) typesetNode(katex, node, budget);
      return nodes.length;
    }, () => 0);
  }

  /** The text of an element as the digest had it: formulas as their source, no marks. */
  function sourceText(element) {
    const copy = element.cloneNode(true);
    for (const math of copy.querySelectorAll(".pa-math")) math.replaceWith(math.dataset.source || "");
    for (const mark of copy.querySelectorAll(".headerlink, .pa-star")) mark.remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // ------------------------------------------------------------------ reading list

  const LIST = "reading-list";

  const isSaved = (path) => load(LIST).some((record) => record.path === path);

  function toggle(record) {
    const list = load(LIST);
    const kept = list.filter((saved) => saved.path !== record.path);
    if (kept.length === list.length) kept.push({ ...record, added: new Date().toISOString().slice(0, 10) });
    save(LIST, kept);
  }

  /** A star button for record {path (site-relative, "papers/slug/"), title, date, arxiv, ...}. */
  function starButton(record) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pa-star";
    const show = () => {
      const saved = isSaved(record.path);
      button.setAttribute("aria-pressed", String(saved));
      button.setAttribute("aria-label", saved ? "Remove from reading list" : "Add to reading list");
      button.title = (saved ? "In your reading list" : "Add to your reading list") + " (kept in this browser only)";
    };
    button.addEventListener("click", (event) => {
      event.preventDefault();
      toggle(record);
      show();
    });
    show();
    return button;
  }

  const sitePath = (href) => {
    const url = new URL(href, location.href);
    return url.pathname.startsWith(root.pathname) ? url.pathname.slice(root.pathname.length) : null;
  };
  const dayOf = (href) => ((href || "").match(DAY_PATH) || [])[1] || "";
  const arxivOf = (link) => (link ? link.href.replace(/^https:\/\/arxiv\.org\/abs\//, "") : "");

  /** Everything the paper page says about its paper, for the reading list. */
  function paperPageRecord(doc, path) {
    const h1 = doc.querySelector("article h1");
    const bib = [...doc.querySelectorAll("article pre code")].map((code) => code.textContent)
      .find((text) => text.startsWith("@"));
    const authors = [...doc.querySelectorAll("article p")].find((p) => p.textContent.startsWith("Authors:"));
    const day = doc.querySelector("#appeared-on + ul a");
    return {
      path,
      title: h1 ? sourceText(h1) : path,
      date: day ? dayOf(day.getAttribute("href")) : "",
      arxiv: arxivOf(doc.querySelector('article a[href^="https://arxiv.org/abs/"]')),
      authors: authors ? authors.textContent.replace(/^Authors:\s*/, "").trim() : "",
      bib: bib ? bib.trim() : "",
      complete: true,
    };
  }

  /** Paper cards: headings whose first link is a paper page (day pages, the home page). */
  function paperCards(element) {
    const cards = [];
    for (const heading of element.querySelectorAll("h2[id], h3[id]")) {
      const link = heading.querySelector("a:not(.headerlink)");
      const path = link && sitePath(link.getAttribute("href"));
      if (path && PAPER_PATH.test(path)) cards.push({ heading, link, path });
    }
    return cards;
  }

  function cardText(heading) {
    const texts = [sourceText(heading)];
    for (let node = heading.nextElementSibling; node && !/^H[1-6]$/.test(node.tagName); node = node.nextElementSibling) {
      texts.push(sourceText(node));
    }
    return texts.join(" ");
  }

  function addStars(article) {
    if (PAPER_PATH.test(pagePath) && article.querySelector("h1")) {
      const h1 = article.querySelector("h1");
      h1.insertBefore(starButton(paperPageRecord(document, pagePath)), h1.querySelector(".headerlink"));
    }
    const latest = document.querySelector('#latest ~ p a[href*="days/"]'); // the home page's latest day
    const day = dayOf(pagePath) || (latest ? dayOf(latest.getAttribute("href")) : "");
    for (const { heading, link, path } of paperCards(article)) {
      heading.insertBefore(starButton({ path, title: sourceText(link), date: day }),
                           heading.querySelector(".headerlink"));
    }
  }

  // ------------------------------------------------------------------ watched keywords

  const WATCHED = "watched";

  function watchedPattern() {
    const words = load(WATCHED).filter((word) => typeof word === "string" && word.trim());
    if (!words.length) return null;
    const escaped = words.map((word) => word.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
    return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "iu");
  }

  /** Marks element (a card heading, a search result) when text holds a watched word; returns it. */
  function watch(element, text, pattern = watchedPattern()) {
    const match = pattern && text.match(pattern);
    if (!match) return null;
    element.classList.add("pa-watched");
    element.dataset.watched = match[0];
    return match[0];
  }

  function highlightWatched(article) {
    const pattern = watchedPattern();
    if (!pattern) return;
    for (const { heading } of paperCards(article)) watch(heading, cardText(heading), pattern);
  }

  /** Star, watched mark and math for one item built later (a search result). */
  function decorate(element, record) {
    const target = element.querySelector("a") || element;
    target.after(starButton(record));
    watch(element, `${record.title || ""} ${record.authors || ""} ${element.textContent}`);
    return typeset(element);
  }

  // ------------------------------------------------------------------ the reading list page

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function bibtex(record) {
    if (record.bib) return record.bib;
    const clean = (text) => String(text || "").replace(/[{}\\]/g, "").replace(/([&%$#_])/g, "\\$1");
    const year = (record.date || "").slice(0, 4);
    const word = (record.title.match(/[\p{L}\p{N}]{4,}/u) || ["paper"])[0].toLowerCase();
    const lines = [`@misc{${(year + word).replace(/[^a-z0-9]/g, "") || "paper"},`, `  title = {{${clean(record.title)}}},`];
    if (year) lines.push(`  year = {${year}},`);
    if (record.arxiv) lines.push(`  eprint = {${record.arxiv}},`, "  archivePrefix = {arXiv},");
    lines.push(`  url = {${record.arxiv ? `https://arxiv.org/abs/${record.arxiv}` : new URL(record.path, root).href}},`, "}");
    return lines.join("\n");
  }

  const arxivLinks = (list) => list.filter((r) => r.arxiv).map((r) => `https://arxiv.org/abs/${r.arxiv}`).join("\n");

  /** Fills in what a card did not carry (arXiv id, citation) from the paper's own page. */
  function complete(list) {
    const missing = list.filter((record) => !record.complete);
    return Promise.all(missing.map((record) =>
      fetch(new URL(record.path, root)).then((response) => (response.ok ? response.text() : Promise.reject()))
        .then((html) => {
          const full = paperPageRecord(new DOMParser().parseFromString(html, "text/html"), record.path);
          Object.assign(record, full, { date: full.date || record.date, added: record.added });
        }, () => null))).then(() => {
      if (missing.length) {
        const stored = new Map(load(LIST).map((record) => [record.path, record]));
        save(LIST, list.filter((record) => stored.has(record.path)));
      }
      return list;
    });
  }

  function showExport(panel, name, text, type, note) {
    panel.replaceChildren();
    if (note) panel.append(element("p", "pa-meta", note));
    const area = element("textarea", "pa-export__text", text);
    area.readOnly = true;
    area.rows = Math.min(20, text.split("\n").length + 1);
    const download = element("a", "md-button", `Download ${name}`);
    download.href = URL.createObjectURL(new Blob([text + "\n"], { type }));
    download.download = name;
    panel.append(area, download);
  }

  function showReadingList(container, list) {
    container.replaceChildren();
    if (!list.length) {
      container.append(element("p", "", "No papers yet: press the star beside a paper's title to add it."));
      return;
    }
    const items = element("ol", "pa-reading__list");
    for (const record of list) {
      const item = element("li");
      item.dataset.path = record.path;
      const link = element("a", "", record.title);
      link.href = new URL(record.path, root).href;
      item.append(link, starButton(record), " ");
      const details = [record.date, record.arxiv && `arXiv:${record.arxiv}`].filter(Boolean).join(" · ");
      if (details) item.append(element("small", "", details));
      items.append(item);
    }
    const panel = element("div", "pa-export");
    const buttons = element("p", "pa-export__buttons");
    const bib = element("button", "md-button", "Export BibTeX");
    const links = element("button", "md-button", "Export arXiv links");
    bib.type = links.type = "button";
    bib.addEventListener("click", () => showExport(panel, "reading-list.bib", load(LIST).map(bibtex).join("\n\n"), "application/x-bibtex"));
    links.addEventListener("click", () => {
      const saved = load(LIST);
      const without = saved.filter((record) => !record.arxiv).length;
      showExport(panel, "reading-list.txt", arxivLinks(saved), "text/plain",
                 without ? `${without} of ${saved.length} papers have no arXiv id and are not in this list.` : "");
    });
    buttons.append(bib, " ", links);
    container.append(element("p", "pa-meta", `${list.length} paper${list.length === 1 ? "" : "s"}`), items, buttons, panel);
    typeset(items);
  }

  /** The Reading list page: shown at once from storage, again once cards' papers are completed. */
  function readingListPage(container) {
    const list = load(LIST);
    showReadingList(container, list);
    const incomplete = list.some((record) => !record.complete);
    complete(list).then(() => {
      if (incomplete) showReadingList(container, load(LIST));
      container.dataset.ready = "true";
    });
  }

  function watchedPage(form) {
    const shown = form.querySelector(".pa-watch__words");
    const render = () => {
      shown.replaceChildren();
      for (const word of load(WATCHED)) {
        const remove = element("button", "pa-chip pa-watch__remove", `${word} ×`);
        remove.type = "button";
        remove.setAttribute("aria-label", `Stop watching ${word}`);
        remove.addEventListener("click", () => { save(WATCHED, load(WATCHED).filter((w) => w !== word)); render(); });
        shown.append(remove, " ");
      }
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const word = form.elements.word.value.replace(/\s+/g, " ").trim().slice(0, 100);
      const words = load(WATCHED);
      if (word && !words.some((w) => w.toLowerCase() === word.toLowerCase())) save(WATCHED, [...words, word].slice(0, 50));
      form.elements.word.value = "";
      render();
    });
    render();
  }

  // ------------------------------------------------------------------ a way in from every page

  /** A "Reading list" entry after "Search" in the tabs and the nav: added here, so pages do not
   * carry it (it is of use only where this script runs). */
  function addNavEntry() {
    const search = new URL("search/", root).href;
    const target = new URL("reading-list/", root);
    for (const link of document.querySelectorAll(".md-tabs a, .md-nav--primary a.md-nav__link")) {
      if (link.href !== search) continue;
      const item = link.closest("li") || link; // Material's tabs are list items; a lean shell's, links
      const entry = item.cloneNode(true);
      const copy = entry.tagName === "A" ? entry : entry.querySelector("a");
      copy.href = target.href;
      (copy.querySelector(".md-ellipsis") || copy).textContent = "Reading list";
      const active = location.pathname === target.pathname;
      for (const node of new Set([entry, copy])) {
        for (const name of [...node.classList]) if (name.endsWith("--active")) node.classList.remove(name);
        if (active) node.classList.add(node === entry ? `${node.classList[0]}--active` : `${copy.classList[0]}--active`);
      }
      item.after(entry);
    }
  }

  // ------------------------------------------------------------------ start

  function start() {
    addNavEntry();
    const article = document.querySelector(".md-content article") || document.querySelector("article");
    if (!article) return;
    const list = document.getElementById("pa-reading-list");
    if (list) readingListPage(list);
    const form = document.getElementById("pa-watch");
    if (form) watchedPage(form);
    addStars(article);
    highlightWatched(article);
    const toc = document.querySelector(".md-sidebar--secondary"); // a day page's table of contents lists titles
    Promise.all([typeset(article), typeset(toc)]).then(() => { document.documentElement.dataset.paMath = "done"; });
  }

  window.paperArchive = { typeset, starButton, watch, decorate, sourceText };
  // At the end of the body the page is there; loaded from <head> (defer or not), wait for it.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
