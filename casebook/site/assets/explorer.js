/* Case explorer: filters the server-rendered case table in place.
 *
 * The markup contract is described in casebook/explorer.py. Rows are read once into compact
 * arrays; every filter pass then walks those arrays and only touches the rows whose
 * visibility changed. The state lives in the URL hash so a filtered view can be shared, and
 * nothing here fetches anything: the page works from file:// with no network.
 */
(function () {
  "use strict";

  var DEFAULT_SORT = "title";
  var TEXT_GROUP = -1;
  var YEAR_GROUP = -2;

  function normalise(text) {
    // Accents folded so "Cote" finds "Côte"; lower case for case-insensitive matching.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return normalise(text).split(/\s+/).filter(Boolean);
  }

  function yearOf(input) {
    var value = input.value.trim();
    if (value === "") return null;
    var number = Number(value);
    return Number.isFinite(number) ? Math.trunc(number) : null;
  }

  // A row is: title link, summary paragraph, details paragraph (organisation span, countries
  // span, year, stage). The search covers title, summary and organisation.
  function searchedText(row) {
    var parts = row.children;
    var details = parts[2];
    var organisation = details && details.children[0] ? details.children[0].textContent : "";
    return (parts[0] ? parts[0].textContent : "") + " " + (parts[1] ? parts[1].textContent : "") + " " + organisation;
  }

  function countryText(row) {
    var details = row.children[2];
    return details && details.children[1] ? details.children[1].textContent : "";
  }

  function createExplorer(root) {
    var panel = root.querySelector("[data-explorer-panel]");
    var search = root.querySelector('input[type="search"]');
    var fromInput = root.querySelector("[data-year-from]");
    var toInput = root.querySelector("[data-year-to]");
    var sortSelect = root.querySelector("select[data-sort]");
    var clearButton = root.querySelector("[data-clear]");
    var countOutput = root.querySelector("[data-count]");
    var list = root.querySelector("[data-explorer-rows]");

    // Facet values get one global id each; a row's values are a slice of one flat array.
    var facets = [];
    var boxes = [];
    var valueFacet = [];
    var counters = [];
    var labels = [];
    Array.prototype.forEach.call(root.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
      var facet = { key: fieldset.getAttribute("data-facet"), ids: new Map(), boxes: [] };
      Array.prototype.forEach.call(fieldset.querySelectorAll('input[type="checkbox"]'), function (box) {
        var id = boxes.length;
        var label = box.closest("label");
        facet.ids.set(box.value, id);
        facet.boxes.push(box);
        boxes.push(box);
        valueFacet.push(facets.length);
        labels.push(label);
        counters.push(label ? label.querySelector("[data-facet-count]") : null);
      });
      facets.push(facet);
    });
    var valueCount = boxes.length;
    var facetCount = facets.length;

    var rows = Array.prototype.slice.call(list.children);
    var rowCount = rows.length;
    var haystacks = new Array(rowCount);
    var years = new Int32Array(rowCount);
    var starts = new Int32Array(rowCount + 1);
    var flatValues = [];
    for (var i = 0; i < rowCount; i++) {
      var row = rows[i];
      haystacks[i] = normalise(searchedText(row));
      years[i] = parseInt(row.getAttribute("data-year"), 10) || 0;
      starts[i] = flatValues.length;
      for (var f = 0; f < facetCount; f++) {
        var terms = (row.getAttribute("data-" + facets[f].key) || "").split(" ");
        for (var t = 0; t < terms.length; t++) {
          var id = facets[f].ids.get(terms[t]);
          if (id !== undefined) flatValues.push(id);
        }
      }
    }
    starts[rowCount] = flatValues.length;
    var values = Int32Array.from(flatValues);

    var shown = new Uint8Array(rowCount).fill(1);
    var shownCount = rowCount;
    var shownCounts = new Int32Array(valueCount).fill(-1);
    var selected = new Uint8Array(valueCount);
    var activeFacet = new Uint8Array(facetCount);
    var matchedFacet = new Uint8Array(facetCount);
    var counts = new Int32Array(valueCount);
    var currentSort = DEFAULT_SORT; // rows arrive in title order
    var lastHash = null;
    var current = null;
    var pendingFrame = 0;

    function readControls() {
      var state = { q: search.value, facets: {}, from: yearOf(fromInput), to: yearOf(toInput), sort: sortSelect.value || DEFAULT_SORT };
      facets.forEach(function (facet) {
        state.facets[facet.key] = facet.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      });
      return state;
    }

    function writeControls(state) {
      search.value = state.q;
      fromInput.value = state.from === null ? "" : String(state.from);
      toInput.value = state.to === null ? "" : String(state.to);
      var sortValid = Array.prototype.some.call(sortSelect.options, function (option) { return option.value === state.sort; });
      sortSelect.value = sortValid ? state.sort : DEFAULT_SORT;
      facets.forEach(function (facet) {
        var wanted = new Set(state.facets[facet.key] || []);
        facet.boxes.forEach(function (box) { box.checked = wanted.has(box.value); });
      });
    }

    function filterRows(state) {
      var needles = words(state.q);
      var needleCount = needles.length;
      var from = state.from === null ? -Infinity : state.from;
      var to = state.to === null ? Infinity : state.to;
      var activeCount = 0;
      for (var f = 0; f < facetCount; f++) activeFacet[f] = 0;
      for (var v = 0; v < valueCount; v++) {
        selected[v] = boxes[v].checked ? 1 : 0;
        if (selected[v]) activeFacet[valueFacet[v]] = 1;
        counts[v] = 0;
      }
      for (f = 0; f < facetCount; f++) activeCount += activeFacet[f];

      var visible = 0;
      for (var i = 0; i < rowCount; i++) {
        // A row counts for a facet value when it passes every filter group except, at most,
        // the value's own facet: the usual faceted-search count ("what ticking this adds").
        var failures = 0;
        var failedGroup = 0;
        var haystack = haystacks[i];
        for (var w = 0; w < needleCount; w++) {
          if (haystack.indexOf(needles[w]) === -1) {
            failures = 1;
            failedGroup = TEXT_GROUP;
            break;
          }
        }
        var year = years[i];
        if (year < from || year > to) {
          failures++;
          failedGroup = YEAR_GROUP;
        }
        var start = starts[i];
        var end = starts[i + 1];
        var k;
        if (failures === 0 && activeCount > 0) {
          for (f = 0; f < facetCount; f++) matchedFacet[f] = 0;
          for (k = start; k < end; k++) {
            if (selected[values[k]]) matchedFacet[valueFacet[values[k]]] = 1;
          }
          for (f = 0; f < facetCount; f++) {
            if (activeFacet[f] && !matchedFacet[f]) {
              failures++;
              failedGroup = f;
            }
          }
        }
        if (failures === 0) {
          visible++;
          for (k = start; k < end; k++) counts[values[k]]++;
        } else if (failures === 1 && failedGroup >= 0) {
          for (k = start; k < end; k++) {
            if (valueFacet[values[k]] === failedGroup) counts[values[k]]++;
          }
        }
        var show = failures === 0 ? 1 : 0;
        if (shown[i] !== show) {
          shown[i] = show;
          rows[i].hidden = !show;
        }
      }
      return visible;
    }

    function showCounts() {
      for (var v = 0; v < valueCount; v++) {
        if (shownCounts[v] === counts[v]) continue;
        shownCounts[v] = counts[v];
        if (counters[v]) counters[v].textContent = String(counts[v]);
        // Dimmed, never removed or disabled: ticking it is still allowed, it just finds nothing.
        if (labels[v]) labels[v].classList.toggle("is-empty", counts[v] === 0);
      }
    }

    function sortKeyCompare(sort) {
      var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
      if (sort === "year-desc") return function (a, b) { return years[b] - years[a] || a - b; };
      if (sort === "year-asc") return function (a, b) { return years[a] - years[b] || a - b; };
      if (sort === "country") {
        var keys = rows.map(countryText);
        return function (a, b) { return collator.compare(keys[a], keys[b]) || a - b; };
      }
      return function (a, b) { return a - b; };
    }

    function sortRows(sort) {
      if (sort === currentSort) return;
      currentSort = sort;
      var order = new Array(rowCount);
      for (var i = 0; i < rowCount; i++) order[i] = i;
      order.sort(sortKeyCompare(sort));
      var fragment = document.createDocumentFragment();
      for (i = 0; i < rowCount; i++) fragment.appendChild(rows[order[i]]);
      list.appendChild(fragment);
    }

    function hashOf(state) {
      var parts = [];
      if (state.q.trim()) parts.push("q=" + encodeURIComponent(state.q.trim()));
      facets.forEach(function (facet) {
        var chosen = state.facets[facet.key];
        if (chosen.length) parts.push(facet.key + "=" + chosen.map(encodeURIComponent).join(","));
      });
      if (state.from !== null) parts.push("from=" + state.from);
      if (state.to !== null) parts.push("to=" + state.to);
      if (state.sort !== DEFAULT_SORT) parts.push("sort=" + encodeURIComponent(state.sort));
      return parts.length ? "#" + parts.join("&") : "";
    }

    function stateFromHash(hash) {
      var state = { q: "", facets: {}, from: null, to: null, sort: DEFAULT_SORT };
      hash.replace(/^#/, "").split("&").forEach(function (part) {
        var equals = part.indexOf("=");
        if (equals < 1) return;
        var key = part.slice(0, equals);
        var raw = part.slice(equals + 1);
        var decode = function (text) {
          try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (error) { return ""; }
        };
        if (key === "q") state.q = decode(raw);
        else if (key === "sort") state.sort = decode(raw);
        else if (key === "from" || key === "to") {
          var year = parseInt(decode(raw), 10);
          state[key] = Number.isFinite(year) ? year : null;
        } else state.facets[key] = raw.split(",").map(decode).filter(Boolean);
      });
      return state;
    }

    function writeHash(state) {
      var hash = hashOf(state);
      if (hash === location.hash || (hash === "" && !location.hash)) {
        lastHash = location.hash;
        return;
      }
      lastHash = hash;
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
      var state = readControls();
      shownCount = filterRows(state);
      showCounts();
      sortRows(state.sort);
      countOutput.textContent = String(shownCount);
      current = state;
      writeHash(state);
      return shownCount;
    }

    function schedule() {
      // Coalesces a burst of keystrokes into one pass per frame; apply() itself stays synchronous.
      if (!pendingFrame) {
        pendingFrame = requestAnimationFrame(function () {
          pendingFrame = 0;
          apply();
        });
      }
    }

    function restoreFromHash() {
      if (location.hash === lastHash) return;
      writeControls(stateFromHash(location.hash));
      apply();
    }

    function clear() {
      writeControls(stateFromHash(""));
      apply();
      search.focus();
    }

    panel.addEventListener("input", schedule);
    panel.addEventListener("change", schedule);
    clearButton.addEventListener("click", clear);

    writeControls(stateFromHash(location.hash));
    apply();
    panel.hidden = false;

    return {
      root: root,
      apply: apply,
      restoreFromHash: restoreFromHash,
      state: function () {
        var state = current || readControls();
        var copy = { q: state.q, facets: {}, from: state.from, to: state.to, sort: state.sort, shown: shownCount, total: rowCount };
        Object.keys(state.facets).forEach(function (key) { copy.facets[key] = state.facets[key].slice(); });
        return copy;
      }
    };
  }

  var active = null;

  function start() {
    var root = document.querySelector("[data-casebook-explorer]");
    if (!root || root.hasAttribute("data-explorer-ready")) return;
    root.setAttribute("data-explorer-ready", "");
    active = createExplorer(root);
    window.casebookExplorer = { apply: active.apply, state: active.state };
  }

  window.addEventListener("hashchange", function () {
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
