/* Case explorer: filters the server-rendered case list in place.
 *
 * The markup contract is described in casebook/explorer.py. The page holds the first rows
 * only; the others arrive compressed in script[data-explorer-data] (casebook.explorer's
 * explorer_data) and are built, as the same markup, before anything else. Rows are read once
 * into compact arrays; each filter pass walks those arrays and only touches rows whose visibility changed.
 * The filter state lives in the URL hash so a view can be shared or bookmarked. Nothing here
 * fetches anything: the page works from file:// with no network.
 */
(function () {
  "use strict";

  // The page's language: window.casebookStrings (assets/casebook/strings.js, written by
  // casebook/site/strings.py) maps each English text to its translation; English without it.
  // Read when a message is written: that script may come after this one on the page.
  function fill(text, values) {
    const strings = window.casebookStrings;
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!values || !(name in values)) return whole;
      const value = values[name];
      return typeof value === "number" && strings
        ? new Intl.NumberFormat(strings.lang, { numberingSystem: "latn" }).format(value)
        : String(value);
    });
  }
  function t(english, values) {
    const strings = window.casebookStrings;
    const text = strings && typeof strings.messages[english] === "string" ? strings.messages[english] : english;
    return fill(text, values);
  }
  function tn(singular, plural, n, values) {
    const strings = window.casebookStrings;
    const forms = strings && strings.messages[singular];
    let text = n === 1 ? singular : plural;
    if (forms && typeof forms === "object") {
      text = forms[new Intl.PluralRules(strings.lang).select(n)] || forms.other || text;
    }
    return fill(text, Object.assign({ n: n }, values));
  }

  const DEFAULT_SORT = "title";
  const TEXT_GROUP = -1; // filter groups that are not facets
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

  function createExplorer(root) {
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
      const facet = { key: fieldset.getAttribute("data-facet"), ids: new Map(), boxes: [] };
      for (const box of fieldset.querySelectorAll('input[type="checkbox"]')) {
        const label = box.closest("label");
        facet.ids.set(box.value, boxes.length);
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

    const rows = Array.from(list.children);
    const rowCount = rows.length;
    const haystacks = new Array(rowCount);
    const years = new Int32Array(rowCount);
    const starts = new Int32Array(rowCount + 1);
    const flatValues = [];
    rows.forEach((row, index) => {
      haystacks[index] = normalise(searchedText(row));
      years[index] = parseInt(row.getAttribute("data-year"), 10) || 0;
      starts[index] = flatValues.length;
      for (const facet of facets) {
        for (const term of (row.getAttribute("data-" + facet.key) || "").split(" ")) {
          const id = facet.ids.get(term);
          if (id !== undefined) flatValues.push(id);
        }
      }
    });
    starts[rowCount] = flatValues.length;
    const values = Int32Array.from(flatValues);

    let order = Int32Array.from(rows.keys()); // display position -> row; rows arrive by title
    let currentSort = DEFAULT_SORT;
    const shown = new Uint8Array(rowCount).fill(1);
    const shownCounts = new Int32Array(valueCount).fill(-1);
    const selected = new Uint8Array(valueCount);
    const activeFacet = new Uint8Array(facetCount);
    const matchedFacet = new Uint8Array(facetCount);
    const counts = new Int32Array(valueCount);
    let limit = pageSize;
    let matches = rowCount;
    let displayed = rowCount;
    let current = emptyState();
    let lastHash = null;
    let pendingFrame = 0;

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
        const keys = rows.map(countryText);
        return (a, b) => collator.compare(keys[a], keys[b]) || a - b;
      }
      return (a, b) => a - b;
    }

    function sortRows(sort) {
      if (sort === currentSort) return;
      currentSort = sort;
      order = Int32Array.from(Array.from(rows.keys()).sort(compareFor(sort)));
      // Emptying the list first is one bulk removal; moving rows one by one into the fragment
      // would be ten thousand single removals from a live list.
      list.textContent = "";
      const fragment = document.createDocumentFragment();
      for (const index of order) fragment.appendChild(rows[index]);
      list.appendChild(fragment);
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

      let matched = 0;
      for (let position = 0; position < rowCount; position++) {
        const i = order[position];
        // A row counts for a facet value when it passes every filter group except, at most,
        // the value's own facet: the usual faceted-search count ("what ticking this finds").
        let failures = 0;
        let failedGroup = 0;
        const haystack = haystacks[i];
        for (let w = 0; w < needles.length; w++) {
          if (haystack.indexOf(needles[w]) === -1) {
            failures = 1;
            failedGroup = TEXT_GROUP;
            break;
          }
        }
        if (years[i] < from || years[i] > to) {
          failures++;
          failedGroup = YEAR_GROUP;
        }
        const start = starts[i];
        const end = starts[i + 1];
        if (failures === 0 && activeCount > 0) {
          matchedFacet.fill(0);
          for (let k = start; k < end; k++) {
            if (selected[values[k]]) matchedFacet[valueFacet[values[k]]] = 1;
          }
          for (let f = 0; f < facetCount; f++) {
            if (activeFacet[f] && !matchedFacet[f]) {
              failures++;
              failedGroup = f;
            }
          }
        }
        if (failures === 0) {
          matched++;
          for (let k = start; k < end; k++) counts[values[k]]++;
        } else if (failures === 1 && failedGroup >= 0) {
          for (let k = start; k < end; k++) {
            if (valueFacet[values[k]] === failedGroup) counts[values[k]]++;
          }
        }
        const show = failures === 0 && matched <= limit ? 1 : 0;
        if (shown[i] !== show) {
          shown[i] = show;
          rows[i].hidden = !show;
        }
      }
      return matched;
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

    function apply() {
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
      writeHash(state);
      return matches;
    }

    function schedule() {
      // One pass per frame however fast the typing; apply() itself stays synchronous.
      if (!pendingFrame) {
        pendingFrame = requestAnimationFrame(() => {
          pendingFrame = 0;
          apply();
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
      let position = 0;
      for (const index of order) {
        if (!shown[index]) continue;
        if (position++ === firstNew) {
          const link = rows[index].querySelector("a");
          if (link) link.focus();
          break;
        }
      }
    }

    panel.addEventListener("input", filtersChanged);
    panel.addEventListener("change", filtersChanged);
    clearButton.addEventListener("click", () => {
      restore(emptyState());
      search.focus();
    });
    moreButton.addEventListener("click", showMore);

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

  // The rows as casebook/explorer.py's _render_row writes them, built with text nodes.
  function buildRows(list, data) {
    const [before, after] = data.url;
    const facets = data.facets;
    const country = facets.findIndex(([key]) => key === "country");
    const stage = facets.findIndex(([key]) => key === "stage");
    const fragment = document.createDocumentFragment();
    for (const row of data.rows) {
      const [address, title, summary, organisation, year] = row;
      const slug = typeof address === "string" ? address : address[0];
      const item = document.createElement("li");
      item.setAttribute("data-case", slug);
      facets.forEach(([key, values], f) => {
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
      countries.textContent = country < 0 ? "" : row[5 + country].map((v) => facets[country][1][v][1]).join(", ");
      const stageLabel = stage < 0 ? "" : row[5 + stage].map((v) => facets[stage][1][v][1]).join(", ");
      details.append(organisationSpan, " · ", countries, ` · ${year} · ${stageLabel}`);
      item.append(link, text, details);
      fragment.appendChild(item);
    }
    list.textContent = "";
    list.appendChild(fragment);
  }

  let active = null;

  async function start() {
    const root = document.querySelector("[data-casebook-explorer]");
    if (!root || root.hasAttribute("data-explorer-ready")) return;
    root.setAttribute("data-explorer-ready", "");
    const data = root.querySelector("script[data-explorer-data]");
    if (data) {
      // Without DecompressionStream (browsers before 2023) the page stays as written: the
      // first rows and the note that says where the others are.
      if (typeof DecompressionStream !== "function") return;
      buildRows(root.querySelector("[data-explorer-rows]"), await unpack(data));
      for (const note of root.querySelectorAll("[data-explorer-nojs]")) note.hidden = true;
    }
    active = createExplorer(root);
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
