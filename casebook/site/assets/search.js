/* Site search: a field in the header (or in the search page's [data-site-search] element) over
 * the index casebook.search writes after the build (see casebook/search/index.py).
 *
 * Nothing is loaded with the page but this file and search.css. On the first keystroke the
 * script loads the index manifest of the page's language (<html lang>), then for each word the
 * term shards that can hold it (or, for a prefix of a letter or two whose words lie in many
 * shards, the one prefix file that lists its pages), then one small record per result shown,
 * each with a <script> element: that works from file:// as well as over HTTP, where fetch()
 * would not. Loaded files
 * are kept, so the next keystroke reuses them. Matching needs no library: the shards hold the
 * words and, for each family of words sharing a stem, the pages with their build-time BM25
 * weight, so the browser only looks words up and adds weights.
 *
 * Hooks: the field is an <input> inside [data-site-search]; results are <a> links inside
 * [data-search-results]; the count is in [data-search-count].
 */
(function () {
  "use strict";

  // The page's words: t() and tn() of assets/casebook/i18n.js, looked up when a message is
  // written (that script may come after this one on the page).
  const t = (...args) => window.casebookI18n.t(...args);
  const tn = (...args) => window.casebookI18n.tn(...args);

  const script = document.currentScript;
  if (!script || !script.src) return;
  const siteRoot = new URL("../../", script.src); // this file is assets/casebook/search.js
  const PAGE_SIZE = 10;
  const KINDS = [
    ["", "All"],
    ["case", "Cases"],
    ["module", "Modules"],
    ["guideline", "Guidelines"],
  ];
  const KIND_LABELS = { case: "Case", module: "Module", guideline: "Guideline", course: "Course", page: "Page" };
  const WORD = /[\p{L}\p{N}]+/gu;
  const HAN = /\p{Script=Han}/u;

  // --- Loading index files with <script> elements -------------------------------------------

  const received = new Map(); // "m:en", "s:en:3", "d:en:42" -> data
  const loading = new Map(); // same keys -> Promise

  window.casebookSearchData = {
    manifest(lang, data) {
      received.set("m:" + lang, data);
    },
    shard(lang, number, data) {
      received.set("s:" + lang + ":" + number, data);
    },
    doc(lang, id, data) {
      received.set("d:" + lang + ":" + id, data);
    },
    prefix(lang, number, data) {
      received.set("p:" + lang + ":" + number, data);
    },
  };

  function load(key, path) {
    if (loading.has(key)) return loading.get(key);
    const promise = new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = new URL(path, siteRoot).href;
      element.async = true;
      element.onload = () => {
        element.remove();
        if (received.has(key)) resolve(received.get(key));
        else reject(new Error("search index file without data: " + path));
      };
      element.onerror = () => {
        element.remove();
        loading.delete(key); // a later keystroke may try again
        reject(new Error("search index file missing: " + path));
      };
      document.head.appendChild(element);
    });
    loading.set(key, promise);
    return promise;
  }

  function languageOf(doc) {
    const lang = (doc.documentElement.getAttribute("lang") || "en").trim().toLowerCase();
    return lang.replace(/[^a-z0-9-]/g, "") || "und";
  }

  // --- The index of one language --------------------------------------------------------------

  // As casebook/search/terms.py folds: marks removed, but "й" kept (a letter of its own).
  function fold(text) {
    const kept = text.normalize("NFC").replace(/[йЙ]/g, "\uE000");
    return kept.normalize("NFKD").replace(/\p{Mn}/gu, "").replace(/\uE000/g, "й").toLowerCase();
  }

  function lowerBound(sorted, value) {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  function decodePostings(encoded) {
    // page ids delta-encoded, each times 16 plus the weight (bits 0-2 BM25, bit 3 title)
    const ids = new Int32Array(encoded.length);
    const weights = new Uint8Array(encoded.length);
    let id = 0;
    for (let i = 0; i < encoded.length; i++) {
      id += Math.floor(encoded[i] / 16);
      ids[i] = id;
      weights[i] = encoded[i] % 16;
    }
    return { ids, weights };
  }

  function createIndex(lang) {
    const folder = "search/" + lang + "/";
    let manifest = null;

    function start() {
      return load("m:" + lang, folder + "manifest.js").then((data) => (manifest = data));
    }

    // Shards that can hold words starting with `prefix`: the deepest key the prefix starts
    // with, and every key that starts with the prefix. null: too many, wait for more letters.
    function shardsFor(prefix) {
      const keys = manifest.keys;
      const numbers = [];
      for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i++) {
        numbers.push(i);
      }
      for (let length = prefix.length; length > 0; length--) {
        const i = lowerBound(keys, prefix.slice(0, length));
        if (keys[i] === prefix.slice(0, length)) {
          if (!numbers.includes(i)) numbers.push(i);
          break;
        }
      }
      return numbers;
    }

    function shard(number) {
      return load("s:" + lang + ":" + number, folder + "t/" + number + ".js").then((data) => {
        if (!data.decoded) data.decoded = data.p.map(decodePostings);
        return data;
      });
    }

    // A prefix whose words lie in many shards (a first letter or two on a large site) has a
    // file of its own: its pages with the scores the shards would give (delta-encoded page
    // ids, each times 32 plus the score), so a short prefix loads one file, not dozens.
    function prefixPages(number) {
      return load("p:" + lang + ":" + number, folder + "p/" + number + ".js").then((data) => {
        if (!data.pages) {
          data.pages = new Map();
          let id = 0;
          for (const value of data.p) {
            id += Math.floor(value / 32);
            data.pages.set(id, value % 32);
          }
        }
        return data;
      });
    }

    // The pages holding words that start with `prefix`: Map id -> weight, and the words.
    async function lookUp(prefix) {
      const broad = manifest.broad || [];
      const b = lowerBound(broad, prefix);
      if (broad[b] === prefix) {
        const data = await prefixPages(b);
        // The prefix marks the words it starts in the snippets; "c": 0, only the best pages.
        return { pages: data.pages, matched: [prefix], complete: data.c !== 0 };
      }
      const shards = await Promise.all(shardsFor(prefix).map(shard));
      const pages = new Map();
      const matched = [];
      for (const data of shards) {
        const seen = new Set();
        for (let w = lowerBound(data.w, prefix); w < data.w.length && data.w[w].startsWith(prefix); w++) {
          matched.push(data.w[w]);
          const family = data.f[w];
          if (seen.has(family)) continue;
          seen.add(family);
          const { ids, weights } = data.decoded[family];
          // An exact word counts fully; words it only starts count a little less.
          const exact = data.w[w] === prefix ? 1 : 0;
          for (let i = 0; i < ids.length; i++) {
            const weight = weights[i] * 2 + exact;
            if ((pages.get(ids[i]) || -1) < weight) pages.set(ids[i], weight);
          }
        }
      }
      return { pages, matched, complete: true };
    }

    // Chinese has no spaces: a run of Han characters is cut into the longest indexed words,
    // left to right, with the words of the shards its characters start.
    async function segment(run) {
      const parts = [];
      let at = 0;
      while (at < run.length) {
        const numbers = shardsFor(run[at]);
        const shards = await Promise.all(numbers.filter((n) => manifest.keys[n].length <= 2).map(shard));
        let best = "";
        for (const data of shards) {
          for (let length = Math.min(run.length - at, 8); length > best.length; length--) {
            const candidate = run.slice(at, at + length);
            const w = lowerBound(data.w, candidate);
            if (data.w[w] === candidate) {
              best = candidate;
              break;
            }
          }
        }
        if (!best) best = run.slice(at); // the rest, as a prefix (still being typed)
        parts.push(best);
        at += best.length;
      }
      return parts;
    }

    async function wordsOf(query) {
      const words = [];
      const folded = fold(query);
      const tokens = folded.match(WORD) || [];
      // Words of one letter are not indexed, but the one being typed is the start of a word.
      const typing = /[\p{L}\p{N}]$/u.test(folded) ? tokens[tokens.length - 1] : null;
      for (const [at, token] of tokens.entries()) {
        if (!HAN.test(token)) {
          if (token.length >= 2 || (at === tokens.length - 1 && token === typing)) words.push(token);
          continue;
        }
        // Han and other letters together ("AI技术"): each run on its own.
        for (const run of token.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
          if (HAN.test(run)) words.push(...(await segment(run)));
          else if (run.length >= 2) words.push(run);
        }
      }
      return Array.from(new Set(words));
    }

    // Pages with every word of the query, best first: more words in the title first, then
    // the sum of the words' weights, then the index order (cases first, by address).
    async function search(query) {
      const words = await wordsOf(query);
      if (!words.length) return { words, ids: [], matched: [], complete: true };
      const found = await Promise.all(words.map(lookUp));
      let scores = null;
      const titles = new Map();
      for (const { pages } of found) {
        const next = new Map();
        for (const [id, weight] of pages) {
          if (scores && !scores.has(id)) continue;
          next.set(id, (scores ? scores.get(id) : 0) + weight);
          titles.set(id, (titles.get(id) || 0) + ((weight >> 1) & 8 ? 1 : 0));
        }
        scores = next;
      }
      const ids = Array.from(scores.keys()).sort(
        (a, b) => titles.get(b) - titles.get(a) || scores.get(b) - scores.get(a) || a - b
      );
      return {
        words,
        ids,
        matched: found.flatMap((f) => f.matched),
        complete: found.every((f) => f.complete),
      };
    }

    function kindOf(id) {
      for (const [kind, first, end] of manifest.kinds) if (id >= first && id < end) return kind;
      return "page";
    }

    function page(id) {
      return load("d:" + lang + ":" + id, folder + "d/" + id + ".js");
    }

    return { start, search, kindOf, page };
  }

  // --- Snippets ---------------------------------------------------------------------------

  // The first place in the page's text where a matched word starts a word: the section's
  // heading and about 160 characters around it, the word marked.
  function snippetOf(record, matched) {
    const needles = Array.from(new Set(matched)).sort((a, b) => b.length - a.length);
    for (const [heading, text] of record.s) {
      const folded = fold(text);
      if (folded.length !== text.length) continue; // rare: folding changed lengths; next section
      for (const needle of needles) {
        let at = folded.indexOf(needle);
        while (at > 0 && /[\p{L}\p{N}]/u.test(folded[at - 1]) && !HAN.test(needle[0])) {
          at = folded.indexOf(needle, at + 1);
        }
        if (at < 0) continue;
        let end = at + needle.length;
        while (end < text.length && /[\p{L}\p{N}]/u.test(folded[end]) && !HAN.test(needle[0])) end++;
        const from = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 70)) + 1);
        const to = Math.min(text.length, at + 90);
        return {
          heading,
          before: tidy((from > 0 ? "… " : "") + text.slice(from, at)),
          match: text.slice(at, end),
          after: tidy(text.slice(end, to) + (to < text.length ? " …" : "")),
        };
      }
    }
    const [heading, text] = record.s[0] || ["", ""];
    return { heading, before: tidy(text.slice(0, 160)), match: "", after: text.length > 160 ? " …" : "" };
  }

  // The index joins the text of elements with spaces, so "<em>word</em>." reads "word ."
  function tidy(text) {
    return text.replace(/\s+([.,;:!?)\]}»”’])/g, "$1");
  }

  // --- The field and its results ------------------------------------------------------------

  let instances = 0;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function mount(host, options) {
    const number = ++instances;
    const index = createIndex(languageOf(document));
    host.classList.add("casebook-search");
    if (options.header) host.classList.add("casebook-search--header");
    host.setAttribute("role", "search");
    for (const fallback of host.querySelectorAll("[data-search-fallback]")) fallback.hidden = true;

    const label = element("label", "casebook-search__label", t("Search the site"));
    const input = element("input", "casebook-search__input");
    const inputId = "casebook-search-" + number;
    const panelId = inputId + "-results";
    label.htmlFor = inputId;
    Object.assign(input, { id: inputId, type: "search", autocomplete: "off", spellcheck: false });
    input.placeholder = t("Search");
    input.setAttribute("aria-controls", panelId);
    input.enterKeyHint = "search";

    const panel = element("div", "casebook-search__panel");
    panel.id = panelId;
    panel.hidden = true;
    const count = element("p", "casebook-search__count");
    count.setAttribute("data-search-count", "");
    count.setAttribute("aria-live", "polite");
    count.setAttribute("role", "status");
    const filters = element("div", "casebook-search__kinds");
    filters.setAttribute("role", "group");
    filters.setAttribute("aria-label", t("Show only"));
    const kindButtons = KINDS.map(([kind, text]) => {
      const button = element("button", "casebook-search__kind");
      button.type = "button";
      button.dataset.kind = kind;
      button.setAttribute("aria-pressed", kind === "" ? "true" : "false");
      button.append(t(text) + " ", element("span", "casebook-search__n"));
      filters.appendChild(button);
      return button;
    });
    const list = element("ul", "casebook-search__results");
    list.setAttribute("data-search-results", "");
    list.setAttribute("aria-label", t("Search results"));
    const more = element("button", "casebook-search__more", t("Show more results"));
    more.type = "button";
    more.hidden = true;
    panel.append(count, filters, list, more);
    host.append(label, input, panel);

    let kind = "";
    let result = null; // the last search's outcome
    let shown = 0;
    let generation = 0;

    function open(state) {
      panel.hidden = !state;
    }

    function idsOfKind() {
      return kind ? result.ids.filter((id) => index.kindOf(id) === kind) : result.ids;
    }

    function describe(total) {
      const query = input.value.trim();
      let text =
        kind === "case"
          ? tn("{n} result for “{query}” among cases", "{n} results for “{query}” among cases", total, { query })
          : kind === "module"
            ? tn("{n} result for “{query}” among modules", "{n} results for “{query}” among modules", total, { query })
            : kind === "guideline"
              ? tn("{n} result for “{query}” among guidelines", "{n} results for “{query}” among guidelines", total, {
                  query,
                })
              : tn("{n} result for “{query}”", "{n} results for “{query}”", total, { query });
      if (!result.complete) text += " " + t("(type more letters for words that start with it)");
      return text;
    }

    async function render(mine, from) {
      const ids = idsOfKind();
      const slice = ids.slice(from, from + PAGE_SIZE);
      const records = await Promise.all(slice.map((id) => index.page(id).catch(() => null)));
      if (mine !== generation) return;
      if (from === 0) list.textContent = "";
      records.forEach((record) => {
        if (!record) return;
        const item = element("li", "casebook-search__result");
        const link = element("a");
        link.href = new URL(record.u, siteRoot).href;
        const snippet = snippetOf(record, result.matched);
        const where = [t(KIND_LABELS[record.k] || "Page"), snippet.heading].filter(Boolean).join(" · ");
        const text = element("span", "casebook-search__snippet");
        text.append(snippet.before);
        if (snippet.match) text.append(element("mark", "", snippet.match));
        text.append(snippet.after);
        link.append(element("span", "casebook-search__title", record.t), element("span", "casebook-search__where", where), text);
        item.appendChild(link);
        list.appendChild(item);
      });
      shown = from + slice.length;
      more.hidden = shown >= ids.length;
      count.textContent = describe(ids.length);
    }

    function showCounts() {
      for (const button of kindButtons) {
        const kindOfButton = button.dataset.kind;
        const n = kindOfButton ? result.ids.filter((id) => index.kindOf(id) === kindOfButton).length : result.ids.length;
        button.querySelector(".casebook-search__n").textContent = "(" + n + ")";
        button.setAttribute("aria-pressed", kindOfButton === kind ? "true" : "false");
      }
    }

    async function run() {
      const mine = ++generation;
      const query = input.value;
      if (!query.trim()) {
        open(false);
        list.textContent = "";
        count.textContent = "";
        return;
      }
      try {
        await index.start();
        const found = await index.search(query);
        if (mine !== generation) return;
        result = found;
        open(true);
        showCounts();
        if (!found.words.length) {
          list.textContent = "";
          more.hidden = true;
          count.textContent = t("Type at least two letters");
          return;
        }
        await render(mine, 0);
      } catch (error) {
        if (mine !== generation) return;
        open(true);
        list.textContent = "";
        count.textContent = t("Search is not available: its index was not found");
      }
    }

    function links() {
      return Array.from(list.querySelectorAll("a"));
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", () => {
      index.start().catch(() => {}); // the manifest is small: ready before the first letter
      if (input.value.trim() && result) open(true);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && links().length) {
        event.preventDefault();
        open(true);
        links()[0].focus();
      } else if (event.key === "Enter" && links().length) {
        event.preventDefault();
        links()[0].click();
      } else if (event.key === "Escape") {
        if (!panel.hidden) event.preventDefault();
        open(false);
      }
    });
    panel.addEventListener("keydown", (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at >= 0) {
        event.preventDefault();
        (all[at + 1] || all[at]).focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        open(false);
        input.focus();
      }
    });
    filters.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-kind]");
      if (!button || !result) return;
      kind = button.dataset.kind;
      showCounts();
      render(++generation, 0);
    });
    more.addEventListener("click", () => {
      const first = shown;
      render(++generation, shown).then(() => {
        const next = links()[first];
        if (next) next.focus();
      });
    });
    if (options.header) {
      document.addEventListener("click", (event) => {
        if (!host.contains(event.target)) open(false);
      });
    }
    if (options.query) {
      input.value = options.query;
      run();
    }
    return { input, run };
  }

  function start() {
    // For tests and embedding: the ids of the pages a query finds, best first, without the UI.
    const index = createIndex(languageOf(document));
    window.casebookSearch = {
      query: (text) => index.start().then(() => index.search(text)).then((found) => Array.from(found.ids)),
    };
    const own = document.querySelector("[data-site-search]");
    if (own) {
      const query = new URLSearchParams(location.search).get("q") || "";
      mount(own, { header: false, query });
      return;
    }
    const header = document.querySelector(".md-header__inner") || document.querySelector("header");
    if (!header) return;
    const host = element("div");
    host.setAttribute("data-site-search", "");
    const anchor = header.querySelector("[data-md-component=palette]") || null;
    header.insertBefore(host, anchor);
    mount(host, { header: true, query: "" });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
