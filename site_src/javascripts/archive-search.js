/* The archive search page: a form whose state lives in the URL
 * (?q=&topic=&tag=&author=&from=&to=), a worker (search-worker.js) that does
 * the searching, and a result list built with DOM text nodes only: no digest
 * text is ever parsed as HTML. Results show at once with title and meta; their
 * snippets follow (the worker cuts them from the results' paper pages). When
 * complete results, snippets included, are shown, the list's data-done is
 * "true" (tests and benchmarks wait for it). */
(function () {
  const form = document.getElementById("pa-search");
  if (!form) return;
  const status = document.getElementById("pa-search-status");
  const list = document.getElementById("pa-search-results");
  const more = document.getElementById("pa-search-more");
  const PAGE = 10;
  const DATE = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
  const script = document.currentScript.src;
  const root = new URL("..", script); // the site root: this script is in <root>/javascripts/
  const worker = new Worker(new URL("search-worker.js", script));
  let topics = new Map(); // slug -> [name, url]
  let papers = 0;
  let searchId = 0;
  let limit = PAGE;
  let timer = 0;
  let lastInput = -Infinity; // when the query box last changed
  const TYPING_GAP = 60;
  let snippets = []; // the shown results' snippet paragraphs, in order
  let snippetRuns = new Map(); // url -> snippet, for this query's results so far ("more" keeps them)
  let moreToShow = false;

  const FIELDS = ["q", "topic", "tag", "author", "from", "to"];
  const fields = () => ({
    query: form.elements.q.value,
    filters: Object.fromEntries(FIELDS.slice(1).map((name) => [name, form.elements[name].value.trim()])),
  });

  function fillFromUrl() {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) form.elements[name].value = params.get(name) || "";
  }

  function keepInUrl() {
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  function run() {
    keepInUrl();
    list.dataset.done = "false";
    searchId += 1;
    if (limit === PAGE) snippetRuns = new Map(); // a new query (not "more")
    const { query, filters } = fields();
    worker.postMessage({ type: "search", id: searchId, query, filters, limit });
  }

  // Typing: a keystroke after a pause searches at once; keystrokes closer together than
  // TYPING_GAP ms wait for the pause, so a fast typist does not start a search per letter.
  function schedule(event) {
    clearTimeout(timer);
    limit = PAGE;
    const now = performance.now();
    const typing = event && event.type === "input" && now - lastInput < TYPING_GAP;
    if (event && event.type === "input") lastInput = now;
    timer = setTimeout(run, typing ? TYPING_GAP : 0);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fillRuns(node, runs) {
    node.replaceChildren(...runs.map(([text, hit]) => (hit ? element("mark", "", text) : document.createTextNode(text))));
  }

  function resultItem(result) {
    const item = element("li", "pa-result");
    const heading = element("h3", "pa-result__title");
    const link = element("a", "");
    fillRuns(link, result.title);
    link.href = new URL(result.url, root).href;
    heading.append(link);
    const meta = element("div", "pa-result__meta");
    const day = result.day ? new Date(`${result.day}T00:00:00Z`).toLocaleDateString("en", DATE) : "Undated";
    const details = [day, result.authors].filter(Boolean).join(" · ");
    meta.append(element("span", "", details));
    for (const slug of result.topics) {
      const [name, url] = topics.get(slug) || [slug, null];
      const chip = element(url ? "a" : "span", "pa-chip pa-topic", name);
      if (url) chip.href = new URL(url, root).href;
      meta.append(" ", chip);
    }
    const snippet = element("p", "pa-result__snippet");
    if (snippetRuns.has(result.url)) fillRuns(snippet, snippetRuns.get(result.url));
    item.append(heading, meta, snippet);
    if (window.paperArchive) {  // reader.js: the reading-list star, watched keywords, math
      const title = result.title.map(([text]) => text).join("");
      window.paperArchive.decorate(item, {path: result.url, title, date: result.day || "", authors: result.authors || ""});
    }
    return item;
  }

  function statusText(message) {
    if (message.empty) return `Type words to search ${papers.toLocaleString("en")} papers, or pick a topic or dates.`;
    if (!message.total) return "No papers match. Try fewer or other words, or widen the filters.";
    const count = `${message.total.toLocaleString("en")} paper${message.total === 1 ? "" : "s"}`;
    return message.any ? `No paper has all the words; ${count} have some of them.` : `${count} found.`;
  }

  function showResults(message) {
    status.textContent = statusText(message);
    list.replaceChildren(...message.results.map(resultItem));
    snippets = message.results.map((result, i) => [result.url, list.children[i].querySelector(".pa-result__snippet")]);
    moreToShow = message.total > message.results.length;
    markDone(message.done);
  }

  function markDone(done) {
    more.hidden = !(done && moreToShow);
    list.dataset.done = String(done);
  }

  function showSnippets(message) {
    message.snippets.forEach((runs, i) => {
      const [url, snippet] = snippets[i];
      snippetRuns.set(url, runs);
      fillRuns(snippet, runs);
      if (window.paperArchive) {  // watched words and math in the abstract too
        const item = snippet.closest(".pa-result");
        window.paperArchive.watch(item, item.textContent);
        window.paperArchive.typeset(snippet);
      }
    });
    markDone(message.done);
  }

  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "ready") {
      papers = message.papers;
      topics = new Map(message.topics.map(([slug, name, url]) => [slug, [name, url]]));
      for (const [slug, [name]] of topics) form.elements.topic.append(new Option(name, slug));
      form.elements.topic.value = new URLSearchParams(location.search).get("topic") || "";
      schedule();
    } else if (message.type === "error") {
      status.textContent = `Search is unavailable: ${message.message}`;
    } else if (message.id === searchId) {
      if (message.type === "snippets") showSnippets(message); else showResults(message);
    }
  };

  form.addEventListener("input", schedule);
  form.addEventListener("submit", (event) => { event.preventDefault(); schedule(); });
  more.addEventListener("click", () => { limit += PAGE; run(); });
  fillFromUrl();
  worker.postMessage({ type: "init", root: root.href });
  status.textContent = "Loading the search index…";
})();
