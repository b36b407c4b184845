/* Case explorer: filters the case list in place.
 *
 * The markup contract is described in casebook/explorer.py. The page holds the first rows
 * only; every case arrives compressed in script[data-explorer-data] (casebook.explorer's
 * explorer_data). What filtering reads is kept in compact arrays (folded text, years, facet
 * values as small integers, and for each facet value the rows that carry it); the list holds
 * only the rows shown (at most a page of them), each built from the data, as the same markup
 * the page would write, the first time it is shown. So a filter pass is a walk over arrays
 * and a change to at most two pages of list items, whatever the size of the collection.
 * The filter state lives in the URL hash so a view can be shared or bookmarked. Nothing here
 * fetches anything: the page works from file:// with no network.
 */
(function () {
  "use strict";

  // The page's words: t() and tn() of assets/casebook/i18n.js, looked up when a message is
  // written (that script may come after this one on the page).
  const t = (...args) => window.casebookI18n.t(...args);
  const tn = (...args) => window.casebookI18n.tn(...args);

  const DEFAULT_SORT = "title";
  const TEXT_GROUP = -1; // filter groups that are not facets
  const HASH_DELAY_MS = 400;
  const YEAR_GROUP = -2;

  function normalise(text) {
    // Accents folded so "Cote" finds "Côte"; lower case for case-insensitive matching.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function wordsOf(text) {
    return normalise(text).split(/\s+/).filter(Boolean);
  }

  function yearOf(input) {
    const value = input.value.trim();
    if (value === "") return null;
    const number = Number(value);
    return Number.isFinite(number) ? Math.trunc(number) : null;
  }

  // A row is: title link, summary paragraph, details paragraph (organisation span, countries
  // span, year, stage). The text search covers title, summary and organisation.
  function searchedText(row) {
    const [title, summary, details] = row.children;
    const organisation = details && details.children[0];
    return [title, summary, organisation].map((part) => (part ? part.textContent : "")).join(" ");
  }

  function countryText(row) {
    const details = row.children[2];
    return details && details.children[1] ? details.children[1].textContent : "";
  }

  function decode(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, " "));
    } catch (error) {
      return "";
    }
  }

  function emptyState() {
    return { q: "", facets: {}, from: null, to: null, sort: DEFAULT_SORT };
  }

  function stateFromHash(hash) {
    const state = emptyState();
    for (const part of hash.replace(/^#/, "").split("&")) {
      const equals = part.indexOf("=");
      if (equals < 1) continue;
      const key = part.slice(0, equals);
      const raw = part.slice(equals + 1);
      if (key === "q") state.q = decode(raw);
      else if (key === "sort") state.sort = decode(raw);
      else if (key === "from" || key === "to") {
        const year = parseInt(decode(raw), 10);
        state[key] = Number.isFinite(year) ? year : null;
      } else state.facets[key] = raw.split(",").map(decode).filter(Boolean);
    }
    return state;
  }

  function createExplorer(root, rows) {
    const panel = root.querySelector("[data-explorer-panel]");
    const search = root.querySelector('input[type="search"]');
    const fromInput = root.querySelector("[data-year-from]");
    const toInput = root.querySelector("[data-year-to]");
    const sortSelect = root.querySelector("select[data-sort]");
    const clearButton = root.querySelector("[data-clear]");
    const moreButton = root.querySelector("[data-show-more]");
    const countOutput = root.querySelector("[data-count]");
    const filters = root.querySelector("[data-explorer-filters]");
    const activeOutput = root.querySelector("[data-active-filters]");
    const warning = root.querySelector("[data-explorer-warning]");
    const list = root.querySelector("[data-explorer-rows]");
    const pageSize = Math.max(1, parseInt(root.getAttribute("data-page-size"), 10) || Infinity);

    // Every facet value gets one global id; a row's values are a slice of one flat array.
    const facets = [];
    const boxes = [];
    const valueFacet = [];
    const labels = [];
    const counters = [];
    for (const fieldset of root.querySelectorAll("fieldset[data-facet]")) {
      const facet = { key: fieldset.getAttribute("data-facet"), ids: new Map(), boxes: [], values: [] };
      for (const box of fieldset.querySelectorAll('input[type="checkbox"]')) {
        const label = box.closest("label");
        facet.ids.set(box.value, boxes.length);
        facet.values.push(boxes.length);
        facet.boxes.push(box);
        boxes.push(box);
        valueFacet.push(facets.length);
        labels.push(label);
        counters.push(label ? label.querySelector("[data-facet-count]") : null);
      }
      facets.push(facet);
    }
    const valueCount = boxes.length;
    const facetCount = facets.length;

    const rowCount = rows.count;
    const haystacks = new Array(rowCount);
    const years = new Int32Array(rowCount);
    const starts = new Int32Array(rowCount + 1);
    const flatValues = [];
    for (let index = 0; index < rowCount; index++) {
      haystacks[index] = normalise(rows.searchedText(index));
      years[index] = rows.year(index);
      starts[index] = flatValues.length;
      for (const facet of facets) {
        for (const term of rows.terms(index, facet.key)) {
          const id = facet.ids.get(term);
          if (id !== undefined) flatValues.push(id);
        }
      }
    }
    starts[rowCount] = flatValues.length;
    const values = Int32Array.from(flatValues);
    // For each facet value, the rows carrying it: a ticked value's rows are found directly.
    const valueStarts = new Int32Array(valueCount + 1);
    for (const value of values) valueStarts[value + 1]++;
    for (let v = 0; v < valueCount; v++) valueStarts[v + 1] += valueStarts[v];
    const valueRows = new Int32Array(values.length);
    const filled = valueStarts.slice(0, valueCount);
    for (let i = 0; i < rowCount; i++) {
      for (let k = starts[i]; k < starts[i + 1]; k++) valueRows[filled[values[k]]++] = i;
    }

    let order = new Int32Array(rowCount).map((_, i) => i); // position -> row; rows come by title
    let currentSort = DEFAULT_SORT;
    let displayedRows = []; // the rows in the list, in order
    const textPass = new Uint8Array(rowCount).fill(1); // rows holding every word of lastNeedles
    let lastNeedles = [];
    const facetPass = new Uint8Array(rowCount); // how many active facets a row matches
    const shownCounts = new Int32Array(valueCount).fill(-1);
    const selected = new Uint8Array(valueCount);
    const activeFacet = new Uint8Array(facetCount);
    const matchedFacet = new Uint8Array(facetCount);
    const counts = new Int32Array(valueCount);
    const matchedRows = new Uint8Array(rowCount);
    let limit = pageSize;
    let matches = rowCount;
    let displayed = rowCount;
    let current = emptyState();
    let lastHash = null;
    let pendingFrame = 0;
    let hashTimer = 0;

    function readControls() {
      const state = {
        q: search.value,
        facets: {},
        from: yearOf(fromInput),
        to: yearOf(toInput),
        sort: sortSelect.value || DEFAULT_SORT,
      };
      for (const facet of facets) {
        state.facets[facet.key] = facet.boxes.filter((box) => box.checked).map((box) => box.value);
      }
      return state;
    }

    function writeControls(state) {
      search.value = state.q;
      fromInput.value = state.from === null ? "" : String(state.from);
      toInput.value = state.to === null ? "" : String(state.to);
      const known = Array.from(sortSelect.options).some((option) => option.value === state.sort);
      sortSelect.value = known ? state.sort : DEFAULT_SORT;
      for (const facet of facets) {
        const wanted = new Set(state.facets[facet.key] || []);
        for (const box of facet.boxes) box.checked = wanted.has(box.value);
      }
    }

    function compareFor(sort) {
      if (sort === "year-desc") return (a, b) => years[b] - years[a] || a - b;
      if (sort === "year-asc") return (a, b) => years[a] - years[b] || a - b;
      if (sort === "country") {
        const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
        const keys = Array.from({ length: rowCount }, (_, i) => rows.countryText(i));
        return (a, b) => collator.compare(keys[a], keys[b]) || a - b;
      }
      return (a, b) => a - b;
    }

    function sortRows(sort) {
      if (sort === currentSort) return;
      currentSort = sort;
      order = Int32Array.from(Array.from(order).sort(compareFor(sort)));
      // The shown rows change order: the list is written again (a page of rows at most).
      list.textContent = "";
      displayedRows = [];
    }

    // Rows holding every word typed. Typing on (each earlier word inside a word now typed)
    // can only narrow: then only the rows that held the earlier words are read again.
    function filterText(needles) {
      if (needles.length === lastNeedles.length && needles.every((n, w) => n === lastNeedles[w])) return;
      const narrowing = lastNeedles.every((old) => needles.some((needle) => needle.includes(old)));
      for (let i = 0; i < rowCount; i++) {
        if (narrowing && !textPass[i]) continue;
        const haystack = haystacks[i];
        let pass = 1;
        for (let w = 0; w < needles.length; w++) {
          if (haystack.indexOf(needles[w]) === -1) {
            pass = 0;
            break;
          }
        }
        textPass[i] = pass;
      }
      lastNeedles = needles;
    }

    // How many active facets each row matches, from the rows of the ticked values.
    function filterFacets() {
      facetPass.fill(0);
      for (let f = 0; f < facetCount; f++) {
        if (!activeFacet[f]) continue;
        matchedRows.fill(0);
        for (const v of facets[f].values) {
          if (!selected[v]) continue;
          for (let k = valueStarts[v]; k < valueStarts[v + 1]; k++) matchedRows[valueRows[k]] = 1;
        }
        for (let i = 0; i < rowCount; i++) facetPass[i] += matchedRows[i];
      }
    }

    function filterRows(state) {
      const needles = wordsOf(state.q);
      const from = state.from === null ? -Infinity : state.from;
      const to = state.to === null ? Infinity : state.to;
      activeFacet.fill(0);
      for (let v = 0; v < valueCount; v++) {
        selected[v] = boxes[v].checked ? 1 : 0;
        if (selected[v]) activeFacet[valueFacet[v]] = 1;
      }
      counts.fill(0);
      const activeCount = activeFacet.reduce((sum, active) => sum + active, 0);
      filterText(needles);
      if (activeCount > 0) filterFacets();

      let matched = 0;
      const shownRows = [];
      for (let position = 0; position < rowCount; position++) {
        const i = order[position];
        // A row counts for a facet value when it passes every filter group except, at most,
        // the value's own facet: the usual faceted-search count ("what ticking this finds").
        let failures = textPass[i] ? 0 : 1;
        let failedGroup = TEXT_GROUP;
        if (years[i] < from || years[i] > to) {
          failures++;
          failedGroup = YEAR_GROUP;
        }
        if (failures > 1) continue;
        const start = starts[i];
        const end = starts[i + 1];
        if (activeCount > facetPass[i]) {
          failures += activeCount - facetPass[i];
          if (failures > 1) continue;
          // The one facet the row fails.
          matchedFacet.fill(0);
          for (let k = start; k < end; k++) {
            if (selected[values[k]]) matchedFacet[valueFacet[values[k]]] = 1;
          }
          for (let f = 0; f < facetCount; f++) if (activeFacet[f] && !matchedFacet[f]) failedGroup = f;
        }
        if (failures === 0) {
          matched++;
          for (let k = start; k < end; k++) counts[values[k]]++;
          if (matched <= limit) shownRows.push(i);
        } else if (failedGroup >= 0) {
          for (let k = start; k < end; k++) {
            if (valueFacet[values[k]] === failedGroup) counts[values[k]]++;
          }
        }
      }
      showRows(shownRows);
      return matched;
    }

    // The list becomes `wanted` (rows in display order): rows that stay are left in place,
    // the others are removed or inserted, so the page changes only where the list does.
    function showRows(wanted) {
      const keep = new Set(wanted);
      for (const i of displayedRows) if (!keep.has(i)) rows.node(i).remove();
      let next = list.firstChild;
      for (const i of wanted) {
        const node = rows.node(i);
        if (node === next) next = next.nextSibling;
        else list.insertBefore(node, next);
      }
      while (next) {
        const after = next.nextSibling;
        next.remove(); // a row the page wrote that the data does not hold: not expected
        next = after;
      }
      displayedRows = wanted;
    }

    function showCounts() {
      for (let v = 0; v < valueCount; v++) {
        if (shownCounts[v] === counts[v]) continue;
        shownCounts[v] = counts[v];
        if (counters[v]) counters[v].textContent = String(counts[v]);
        // Dimmed, never removed or disabled: ticking it is allowed, it just finds nothing.
        if (labels[v]) labels[v].classList.toggle("is-empty", counts[v] === 0);
      }
    }

    function showMoreButton() {
      const notShown = matches - displayed;
      moreButton.hidden = notShown <= 0;
      const text = t("Show {count} more ({missing} not shown yet)", { count: Math.min(pageSize, notShown), missing: notShown });
      if (notShown > 0 && moreButton.textContent !== text) moreButton.textContent = text;
    }

    function hashOf(state) {
      const parts = [];
      if (state.q.trim()) parts.push("q=" + encodeURIComponent(state.q.trim()));
      for (const facet of facets) {
        const chosen = state.facets[facet.key];
        if (chosen.length) parts.push(facet.key + "=" + chosen.map(encodeURIComponent).join(","));
      }
      if (state.from !== null) parts.push("from=" + state.from);
      if (state.to !== null) parts.push("to=" + state.to);
      if (state.sort !== DEFAULT_SORT) parts.push("sort=" + encodeURIComponent(state.sort));
      return parts.length ? "#" + parts.join("&") : "";
    }

    function writeHash(state) {
      const hash = hashOf(state);
      lastHash = hash;
      if (hash === location.hash) return;
      try {
        history.replaceState(history.state, "", hash || location.href.split("#")[0]);
      } catch (error) {
        // Some browsers refuse replaceState on file:// pages; a hash assignment always works.
        location.hash = hash;
      }
    }

    // Writing the address costs about 10 ms in Chromium (more than a filter pass at 10,000
    // cases): while the reader types or ticks, it waits for a pause, or a link followed.
    function writeHashSoon(state) {
      clearTimeout(hashTimer);
      hashTimer = setTimeout(() => {
        hashTimer = 0;
        writeHash(state);
      }, HASH_DELAY_MS);
    }

    function flushHash() {
      if (!hashTimer) return;
      clearTimeout(hashTimer);
      hashTimer = 0;
      writeHash(current);
    }

    function apply(changing) {
      if (pendingFrame) {
        cancelAnimationFrame(pendingFrame);
        pendingFrame = 0;
      }
      const state = readControls();
      sortRows(state.sort);
      matches = filterRows(state);
      displayed = Math.min(matches, limit);
      showCounts();
      showMoreButton();
      countOutput.textContent = String(matches);
      const ticked = selected.reduce((sum, tick) => sum + tick, 0);
      if (activeOutput) activeOutput.textContent = ticked ? t("({count} selected)", { count: ticked }) : "";
      if (warning) {
        const reversed = state.from !== null && state.to !== null && state.from > state.to;
        const text = reversed
          ? " " +
            t('"From year" ({from}) is after "To year" ({to}), so no case can match: swap them or clear one.', {
              from: String(state.from),
              to: String(state.to),
            })
          : "";
        if (warning.textContent !== text) warning.textContent = text;
      }
      current = state;
      if (changing === true) writeHashSoon(state);
      else {
        clearTimeout(hashTimer);
        hashTimer = 0;
        writeHash(state);
      }
      return matches;
    }

    function schedule() {
      // One pass per frame however fast the typing; apply() itself stays synchronous.
      if (!pendingFrame) {
        pendingFrame = requestAnimationFrame(() => {
          pendingFrame = 0;
          apply(true);
        });
      }
    }

    function filtersChanged() {
      limit = pageSize;
      schedule();
    }

    function restore(state) {
      writeControls(state);
      limit = pageSize;
      apply();
      // A ticked value among a facet's "Show all" values is shown, not left folded away.
      for (const more of root.querySelectorAll("details.casebook-explorer__all")) {
        if (more.querySelector("input:checked")) more.open = true;
      }
    }

    function showMore() {
      const firstNew = displayed;
      limit += pageSize;
      apply();
      // Keyboard users land on the first newly shown case instead of scrolling back to find it.
      if (firstNew < displayedRows.length) {
        const link = rows.node(displayedRows[firstNew]).querySelector("a");
        if (link) link.focus();
      }
    }

    panel.addEventListener("input", filtersChanged);
    panel.addEventListener("change", filtersChanged);
    clearButton.addEventListener("click", () => {
      restore(emptyState());
      search.focus();
    });
    moreButton.addEventListener("click", showMore);
    root.addEventListener("click", (event) => event.target.closest("a") && flushHash(), true);
    window.addEventListener("pagehide", flushHash);

    restore(stateFromHash(location.hash));
    panel.hidden = false;

    return {
      root,
      apply,
      restoreFromHash() {
        // Our own hash writes come back as hashchange when replaceState was unavailable.
        if (location.hash !== lastHash) restore(stateFromHash(location.hash));
      },
      state() {
        const facetsCopy = {};
        for (const key of Object.keys(current.facets)) facetsCopy[key] = current.facets[key].slice();
        return {
          q: current.q,
          facets: facetsCopy,
          from: current.from,
          to: current.to,
          sort: current.sort,
          matches,
          displayed,
          total: rowCount,
        };
      },
    };
  }

  // --- Every row, from the compact data --------------------------------------------------

  async function unpack(script) {
    const packed = JSON.parse(script.textContent);
    const bytes = Uint8Array.from(atob(packed.data), (character) => character.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  // The rows of a page without data: the list items it wrote, read once.
  function rowsFromPage(list) {
    const items = Array.from(list.children);
    return {
      count: items.length,
      searchedText: (i) => searchedText(items[i]),
      year: (i) => parseInt(items[i].getAttribute("data-year"), 10) || 0,
      terms: (i, key) => (items[i].getAttribute("data-" + key) || "").split(" "),
      countryText: (i) => countryText(items[i]),
      node: (i) => items[i],
    };
  }

  // The rows of the compact data. A row's list item is the one the page wrote (its first
  // rows) or is built the first time the row is shown, as _render_row writes it.
  function rowsFromData(list, data) {
    const facets = data.facets;
    const facetOf = new Map(facets.map(([key], f) => [key, f]));
    const written = new Map();
    for (const item of list.children) written.set(item.getAttribute("data-case"), item);
    const nodes = new Array(data.rows.length);
    const labels = (row, key) => {
      const f = facetOf.get(key);
      return f === undefined ? "" : row[5 + f].map((v) => facets[f][1][v][1]).join(", ");
    };
    return {
      count: data.rows.length,
      searchedText: (i) => data.rows[i].slice(1, 4).join(" "),
      year: (i) => data.rows[i][4],
      terms: (i, key) => {
        const f = facetOf.get(key);
        return f === undefined ? [] : data.rows[i][5 + f].map((v) => facets[f][1][v][0]);
      },
      countryText: (i) => labels(data.rows[i], "country"),
      node(i) {
        if (!nodes[i]) {
          const row = data.rows[i];
          const slug = typeof row[0] === "string" ? row[0] : row[0][0];
          nodes[i] = written.get(slug) || buildRow(data, row, labels);
        }
        return nodes[i];
      },
    };
  }

  function buildRow(data, row, labels) {
    const [before, after] = data.url;
    const [address, title, summary, organisation, year] = row;
    const slug = typeof address === "string" ? address : address[0];
    const item = document.createElement("li");
    item.setAttribute("data-case", slug);
    data.facets.forEach(([key, values], f) => {
      item.setAttribute("data-" + key, row[5 + f].map((v) => values[v][0]).join(" "));
    });
    item.setAttribute("data-year", String(year));
    const link = document.createElement("a");
    link.href = typeof address === "string" ? before + slug + after : address[1];
    link.textContent = title;
    const text = document.createElement("p");
    text.textContent = summary;
    const details = document.createElement("p");
    const organisationSpan = document.createElement("span");
    organisationSpan.textContent = organisation;
    const countries = document.createElement("span");
    countries.textContent = labels(row, "country");
    details.append(organisationSpan, " · ", countries, ` · ${year} · ${labels(row, "stage")}`);
    item.append(link, text, details);
    return item;
  }

  let active = null;

  async function start() {
    const root = document.querySelector("[data-casebook-explorer]");
    if (!root || root.hasAttribute("data-explorer-ready")) return;
    root.setAttribute("data-explorer-ready", "");
    const data = root.querySelector("script[data-explorer-data]");
    const list = root.querySelector("[data-explorer-rows]");
    let rows = rowsFromPage(list);
    if (data) {
      // Without DecompressionStream (browsers before 2023) the page stays as written: the
      // first rows and the note that says where the others are.
      if (typeof DecompressionStream !== "function") return;
      rows = rowsFromData(list, await unpack(data));
      for (const note of root.querySelectorAll("[data-explorer-nojs]")) note.hidden = true;
    }
    active = createExplorer(root, rows);
    window.casebookExplorer = { apply: active.apply, state: active.state };
  }

  window.addEventListener("hashchange", () => {
    if (active && active.root.isConnected) active.restoreFromHash();
  });

  // Material for MkDocs' instant navigation swaps pages without a load event; document$ tells.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
