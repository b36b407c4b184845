/* The self-assessment page: steps, scoring, recommendations, storage, export and import.
 *
 * The page is a plain questionnaire without this script. Its data (the assessment, the
 * published catalogue, labels and every string the page writes) is window.casebookAssessmentData,
 * set by the data script loaded just before this one: no fetch, so it works from file://. `score` mirrors casebook/scoring.py and `recommend` mirrors casebook/recommend.py;
 * tests/test_assessment_browser.py holds them equal on the same inputs.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  // -- pure functions, mirrored from Python ------------------------------------------------

  function roundedShare(part, whole) {
    return Math.floor((200 * part + whole) / (2 * whole));
  }

  function roundedMean(values) {
    var sum = values.reduce(function (a, b) { return a + b; }, 0);
    return Math.floor((2 * sum + values.length) / (2 * values.length));
  }

  function bandFor(bands, score) {
    var found = bands[0];
    bands.forEach(function (band) { if (score >= band.start) { found = band; } });
    return found;
  }

  function maxOf(list) { return Math.max.apply(null, list); }

  /* answers: {questionId: optionIndex}. Returns {dimensions: [{dimension, answered,
     questions, points, max_points, score, band}], overall, band} as casebook.scoring.Result. */
  function score(assessment, answers) {
    var dimensions = assessment.dimensions.map(function (dimension) {
      var chosen = [], most = 0;
      dimension.questions.forEach(function (question) {
        most += maxOf(question.scores);
        if (Object.prototype.hasOwnProperty.call(answers, question.id)) {
          chosen.push(question.scores[answers[question.id]]);
        }
      });
      var points = chosen.reduce(function (a, b) { return a + b; }, 0);
      var complete = chosen.length === dimension.questions.length;
      var value = complete ? roundedShare(points, most) : null;
      return {
        dimension: dimension.id, answered: chosen.length, questions: dimension.questions.length,
        points: points, max_points: most, score: value,
        band: value === null ? null : bandFor(assessment.bands, value).id
      };
    });
    var values = dimensions.filter(function (d) { return d.score !== null; })
      .map(function (d) { return d.score; });
    var overall = values.length === dimensions.length ? roundedMean(values) : null;
    return {
      dimensions: dimensions, overall: overall,
      band: overall === null ? null : bandFor(assessment.bands, overall).id
    };
  }

  function weakest(assessment, result, count) {
    var top = assessment.bands[assessment.bands.length - 1].id;
    var ranked = [];
    result.dimensions.forEach(function (d, index) {
      if (d.score !== null && d.band !== top) { ranked.push([d.score, index, d.dimension]); }
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return ranked.slice(0, count).map(function (item) { return item[2]; });
  }

  function unique(list) {
    return list.filter(function (item, index) { return list.indexOf(item) === index; });
  }

  function termsOf(assessment, dimensions) {
    var chosen = assessment.dimensions.filter(function (d) { return dimensions.indexOf(d.id) >= 0; });
    function gather(key) {
      return unique([].concat.apply([], chosen.map(function (d) { return d[key]; })));
    }
    return { challenges: gather("challenges"), technologies: gather("technologies"), sectors: gather("sectors") };
  }

  function compare(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  /* Mirrors casebook.recommend.recommend: {terms, cases: [{case, tier, matched}], modules,
     guidelines}, each list already limited. */
  function recommend(data, dimensions, sector, region) {
    var terms = termsOf(data.assessment, dimensions);
    var tiers = data.tiers;
    var relevant = [];
    data.catalogue.cases.forEach(function (item) {
      var matched = []
        .concat(terms.challenges.filter(function (t) { return item.challenges.indexOf(t) >= 0; })
          .map(function (t) { return "challenge:" + t; }))
        .concat(terms.technologies.filter(function (t) { return item.technologies.indexOf(t) >= 0; })
          .map(function (t) { return "technology:" + t; }))
        .concat(terms.sectors.filter(function (t) { return item.sectors.indexOf(t) >= 0; })
          .map(function (t) { return "sector:" + t; }));
      if (!matched.length) { return; }
      var sameSector = item.sectors.indexOf(sector) >= 0;
      var sameRegion = item.regions.indexOf(region) >= 0;
      var tier = sameSector && sameRegion ? tiers[0] : sameRegion ? tiers[1] : sameSector ? tiers[2] : tiers[3];
      relevant.push({ case: item, tier: tier, matched: matched });
    });
    relevant.sort(function (a, b) {
      return tiers.indexOf(a.tier) - tiers.indexOf(b.tier) ||
        b.matched.length - a.matched.length || compare(a.case.slug, b.case.slug);
    });
    var slugs = relevant.map(function (m) { return m.case.slug; });
    function studied(list) { return list.filter(function (s) { return slugs.indexOf(s) >= 0; }).length; }
    var modules = data.catalogue.modules.filter(function (m) { return studied(m.cases) > 0; });
    modules.sort(function (a, b) { return studied(b.cases) - studied(a.cases) || compare(a.uri, b.uri); });
    var guidelines = data.catalogue.guidelines.filter(function (g) { return studied(g.evidence) > 0; });
    guidelines.sort(function (a, b) { return studied(b.evidence) - studied(a.evidence) || compare(a.uri, b.uri); });
    return {
      terms: terms,
      cases: relevant.slice(0, data.limits.cases),
      modules: modules.slice(0, data.limits.modules),
      guidelines: guidelines.slice(0, data.limits.guidelines)
    };
  }

  // -- the page ----------------------------------------------------------------------------

  var data = window.casebookAssessmentData;
  var root = document.querySelector("[data-assessment]");
  if (!data || !root) { return; }
  var assessment = data.assessment;
  var strings = data.strings;
  var form = root.querySelector("[data-form]");  // a <div>: nothing is ever submitted
  var sectorField = document.getElementById("ca-sector");
  var countryField = document.getElementById("ca-country");
  var resultSection = document.querySelector("[data-result]");
  var importSection = document.querySelector("[data-import]");
  var steps = [].slice.call(document.querySelectorAll("[data-step]"));
  var storageKey = "casebook-assessment:" + assessment.slug + ":v" + assessment.version;
  var current = 0;
  var savedDate = null;  // the date of an imported result, else today

  // Exposed for tests and for anyone checking the arithmetic in a console.
  window.casebookAssessment = { score: score, weakest: weakest, recommend: recommend, data: data };

  function say(key, values) {
    return strings[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // -- state: the form is the one source of truth -------------------------------------------

  function readState() {
    var answers = {};
    assessment.dimensions.forEach(function (d) {
      d.questions.forEach(function (q) {
        var checked = form.querySelector('input[name="' + q.id + '"]:checked');
        if (checked) { answers[q.id] = Number(checked.value); }
      });
    });
    var notes = document.getElementById("ca-notes").value;
    var state = { sector: sectorField.value, country: countryField.value, answers: answers };
    if (notes.trim()) { state.notes = notes; }
    return state;
  }

  function writeState(state) {
    [].slice.call(form.querySelectorAll("input[type=radio]:checked")).forEach(function (input) {
      input.checked = false;
    });
    sectorField.value = state.sector || "";
    countryField.value = state.country || "";
    Object.keys(state.answers || {}).forEach(function (id) {
      var input = form.querySelector('input[name="' + id + '"][value="' + state.answers[id] + '"]');
      if (input) { input.checked = true; }
    });
    document.getElementById("ca-notes").value = state.notes || "";
  }

  function regionOf(country) {
    var option = countryField.querySelector('option[value="' + country + '"]');
    return option ? option.getAttribute("data-region") || "" : "";
  }

  function label(kind, term) { return (data.labels[kind] || {})[term] || term; }

  function countryName(code) {
    var option = countryField.querySelector('option[value="' + code + '"]');
    return option && code ? option.textContent : "";
  }

  // -- storage ----------------------------------------------------------------------------

  var storage = (function () {
    try {
      var store = window.localStorage;
      store.setItem(storageKey + ":probe", "1");
      store.removeItem(storageKey + ":probe");
      return store;
    } catch (error) {
      return null;
    }
  })();

  function save() {
    if (!storage) { return; }
    try {
      var state = readState();
      state.step = current;
      storage.setItem(storageKey, JSON.stringify(state));
    } catch (error) { /* full or refused: the note already says answers may not survive */ }
  }

  function load() {
    if (!storage) { return null; }
    try { return JSON.parse(storage.getItem(storageKey) || "null"); } catch (error) { return null; }
  }

  // -- steps -------------------------------------------------------------------------------

  function stepTitle(index) {
    var step = steps[index].getAttribute("data-step");
    if (step === "profile") { return say("step_profile"); }
    if (step === "result") { return say("step_result"); }
    return assessment.dimensions.filter(function (d) { return d.id === step; })[0].title;
  }

  var stepList = root.querySelector("[data-steps] ol");
  steps.forEach(function (step, index) {
    var item = el("li");
    var button = el("button", { type: "button", "data-go": String(index) }, stepTitle(index));
    button.addEventListener("click", function () { show(index, true); });
    item.appendChild(button);
    stepList.appendChild(item);
  });

  function show(index, moveFocus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    [].slice.call(stepList.querySelectorAll("button")).forEach(function (button, i) {
      if (i === current) { button.setAttribute("aria-current", "step"); } else { button.removeAttribute("aria-current"); }
    });
    var isResult = steps[current] === resultSection;
    root.querySelector("[data-nav]").hidden = isResult;
    importSection.hidden = !(isResult || current === 0);
    document.body.classList.toggle("casebook-assessment--result", isResult);
    root.querySelector("[data-previous]").disabled = current === 0;
    if (!isResult) {
      root.querySelector("[data-next]").textContent = current === steps.length - 2
        ? say("see_result") : say("next") + ": " + stepTitle(current + 1);
    }
    root.querySelector("[data-position]").textContent =
      say("step_position", { current: current + 1, total: steps.length, title: stepTitle(current) });
    if (isResult) { renderResult(); }
    if (moveFocus) { steps[current].querySelector("h2").focus(); }
    save();
  }

  function updateProgress() {
    var result = score(assessment, readState().answers);
    result.dimensions.forEach(function (d) {
      var counter = root.querySelector('[data-step="' + d.dimension + '"] [data-answered]');
      counter.hidden = false;
      counter.textContent = say("answered", { answered: d.answered, total: d.questions });
    });
  }

  // -- the result --------------------------------------------------------------------------

  function bandById(id) { return assessment.bands.filter(function (b) { return b.id === id; })[0]; }

  function renderResult() {
    var state = readState();
    var result = score(assessment, state.answers);
    var profile = resultSection.querySelector("[data-result-profile]");
    profile.textContent = say("result_profile", {
      sector: label("sector", state.sector) || "—", country: countryName(state.country) || "—",
      date: savedDate || today()
    });
    var bandLine = resultSection.querySelector("[data-result-band]");
    if (result.overall === null) {
      bandLine.textContent = say("result_incomplete");
    } else {
      var band = bandById(result.band);
      bandLine.textContent = say("band_sentence", { score: result.overall, band: band.label, description: band.description });
    }
    bandLine.setAttribute("data-overall", result.overall === null ? "" : String(result.overall));
    bandLine.setAttribute("data-band", result.band || "");
    renderTable(result);
    renderChart(result);
    var weak = weakest(assessment, result, data.limits.weakest);
    var titles = weak.map(function (id) {
      return assessment.dimensions.filter(function (d) { return d.id === id; })[0].title;
    });
    var weakLine = resultSection.querySelector("[data-result-weakest]");
    weakLine.textContent = weak.length ? say("weakest", { dimensions: titles.join(strings.term_list_separator) })
      : (result.overall === null ? "" : say("no_weakest"));
    weakLine.setAttribute("data-weakest", weak.join(" "));
    renderRecommendations(weak.length ? recommend(data, weak, state.sector, regionOf(state.country)) : null);
  }

  function renderTable(result) {
    var table = el("table");  // no class: the theme styles plain tables
    var head = el("tr");
    ["dimension_column", "score_column", "band_column"].forEach(function (key) {
      head.appendChild(el("th", { scope: "col" }, say(key)));
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    result.dimensions.forEach(function (d, index) {
      var row = el("tr", { "data-dimension": d.dimension });
      row.appendChild(el("th", { scope: "row" }, assessment.dimensions[index].title));
      row.appendChild(el("td", { "data-score": d.score === null ? "" : String(d.score) },
        d.score === null ? say("not_answered") : String(d.score)));
      row.appendChild(el("td", { "data-band": d.band || "" }, d.band ? bandById(d.band).label : "—"));
      body.appendChild(row);
    });
    var total = el("tr", { class: "casebook-assessment-overall" });
    total.appendChild(el("th", { scope: "row" }, say("overall")));
    total.appendChild(el("td", {}, result.overall === null ? say("not_answered") : String(result.overall)));
    total.appendChild(el("td", {}, result.band ? bandById(result.band).label : "—"));
    body.appendChild(total);
    var holder = resultSection.querySelector("[data-result-table]");
    holder.textContent = "";
    holder.appendChild(table);
  }

  /* Horizontal bars, as casebook/charts.py draws them: role="img", a <title> and a <desc>
     that lists every value; the score table above is the full text alternative. */
  function renderChart(result) {
    var width = 640, top = 36, row = 38, left = 8, space = 48;
    var height = top + result.dimensions.length * row + 8;
    var svg = document.createElementNS(SVG, "svg");
    function attrs(node, values) { Object.keys(values).forEach(function (k) { node.setAttribute(k, values[k]); }); return node; }
    attrs(svg, { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img",
      "aria-labelledby": "ca-chart-title", "aria-describedby": "ca-chart-desc",
      class: "casebook-chart-svg casebook-chart-svg--bar", "font-size": "13", fill: "currentColor" });
    var items = result.dimensions.map(function (d, i) {
      return say("chart_item", { title: assessment.dimensions[i].title, score: d.score === null ? say("not_answered") : d.score });
    });
    attrs(svg.appendChild(document.createElementNS(SVG, "title")), { id: "ca-chart-title" }).textContent = say("chart_title");
    attrs(svg.appendChild(document.createElementNS(SVG, "desc")), { id: "ca-chart-desc" }).textContent =
      say("chart_description", { items: items.join(strings.term_list_separator) });
    attrs(svg.appendChild(document.createElementNS(SVG, "text")), { x: left, y: 18, "font-weight": "bold", class: "casebook-chart-heading" })
      .textContent = say("chart_title");
    var track = width - 2 * left - space;
    assessment.bands.slice(1).forEach(function (band) {
      var x = left + track * band.start / 100;
      attrs(svg.appendChild(document.createElementNS(SVG, "line")), { x1: x, x2: x, y1: top - 4, y2: height - 8,
        stroke: "currentColor", "stroke-dasharray": "3 3", class: "casebook-assessment-band-line" });
    });
    result.dimensions.forEach(function (d, i) {
      var y = top + i * row;
      attrs(svg.appendChild(document.createElementNS(SVG, "text")), { x: left, y: y + 13, class: "casebook-chart-label" })
        .textContent = assessment.dimensions[i].title;
      var barWidth = d.score === null ? 0 : track * d.score / 100;
      var bar = attrs(svg.appendChild(document.createElementNS(SVG, "rect")), { x: left, y: y + 18, width: barWidth.toFixed(1),
        height: 14, class: "casebook-chart-bar casebook-assessment-bar--" + (d.band || "none") });
      bar.appendChild(document.createElementNS(SVG, "title")).textContent = items[i];
      attrs(svg.appendChild(document.createElementNS(SVG, "text")), { x: (left + barWidth + 6).toFixed(1), y: y + 30, class: "casebook-chart-value" })
        .textContent = d.score === null ? "–" : String(d.score);
    });
    var figure = resultSection.querySelector("[data-result-chart]");
    figure.textContent = "";
    figure.appendChild(svg);
  }

  function termLabels(matched) {
    return matched.map(function (key) {
      var parts = key.split(":");
      return label(parts[0], parts[1]);
    }).join(strings.term_list_separator);
  }

  function renderRecommendations(found) {
    var holder = resultSection.querySelector("[data-recommendations]");
    holder.textContent = "";
    if (!found) { return; }
    holder.appendChild(el("h3", {}, say("recommendations_heading")));
    var all = [].concat(
      found.terms.challenges.map(function (t) { return "challenge:" + t; }),
      found.terms.technologies.map(function (t) { return "technology:" + t; }),
      found.terms.sectors.map(function (t) { return "sector:" + t; }));
    holder.appendChild(el("p", {}, say("recommendations_intro", { terms: termLabels(all) })));
    function list(heading, kind, items, describe) {
      holder.appendChild(el("h4", {}, say(heading)));
      if (!items.length) { holder.appendChild(el("p", {}, say("nothing_found"))); return; }
      var ul = holder.appendChild(el("ul", { "data-recommended": kind }));
      items.forEach(function (item) {
        var li = ul.appendChild(el("li"));
        li.appendChild(el("a", { href: item.href }, item.title));
        var note = describe ? describe(item) : "";
        if (note) { li.appendChild(document.createTextNode(" (" + note + ")")); }
      });
    }
    list("cases_heading", "cases", found.cases.map(function (m) {
      return { href: m.case.href, title: m.case.title, tier: m.tier, matched: m.matched };
    }), function (item) { return say("case_item", { tier: say("tier_" + item.tier), terms: termLabels(item.matched) }); });
    list("modules_heading", "modules", found.modules, function (item) { return say("module_item", { course: item.course }); });
    list("guidelines_heading", "guidelines", found.guidelines, null);
  }

  // -- export, print, import ----------------------------------------------------------------

  function exported() {
    var state = readState();
    var result = score(assessment, state.answers);
    var record = {
      format: data.format,
      assessment: { slug: assessment.slug, version: assessment.version },
      date: savedDate || today(),
      sector: state.sector,
      country: state.country,
      answers: state.answers,
      scores: {
        dimensions: result.dimensions.reduce(function (all, d) { all[d.dimension] = d.score; return all; }, {}),
        overall: result.overall,
        band: result.band
      }
    };
    if (state.notes) { record.notes = state.notes; }
    return record;
  }

  function download() {
    var record = exported();
    var blob = new Blob([JSON.stringify(record, null, 2) + "\n"], { type: "application/json" });
    var link = el("a", { href: URL.createObjectURL(blob), download: assessment.slug + "-" + record.date + ".json" });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function validImport(record) {
    if (!record || typeof record !== "object" || record.format !== data.format ||
        !record.assessment || record.assessment.slug !== assessment.slug) {
      return say("import_foreign");
    }
    if (record.assessment.version !== assessment.version) {
      return say("import_version", { found: record.assessment.version, expected: assessment.version });
    }
    var questions = {};
    assessment.dimensions.forEach(function (d) { d.questions.forEach(function (q) { questions[q.id] = q; }); });
    var answers = record.answers;
    if (!answers || typeof answers !== "object" || Object.keys(answers).some(function (id) {
      var q = questions[id], value = answers[id];
      return !q || typeof value !== "number" || value % 1 !== 0 || value < 0 || value >= q.scores.length;
    })) {
      return say("import_bad_answers");
    }
    return "";
  }

  function importFile(file) {
    var status = importSection.querySelector("[data-import-status]");
    var reader = new FileReader();
    reader.onload = function () {
      var record;
      try { record = JSON.parse(String(reader.result)); } catch (error) { status.textContent = say("import_not_json"); return; }
      var problem = validImport(record);
      if (problem) { status.textContent = problem; return; }
      writeState({ sector: record.sector, country: record.country, answers: record.answers, notes: record.notes });
      savedDate = typeof record.date === "string" ? record.date : null;
      updateProgress();
      show(steps.length - 1, true);
      status.textContent = say("import_done", { date: savedDate || today() });
    };
    reader.onerror = function () { status.textContent = say("import_unreadable"); };
    reader.readAsText(file);
  }

  // -- wiring ------------------------------------------------------------------------------

  root.querySelector("[data-noscript]").hidden = true;
  root.querySelector("[data-steps]").hidden = false;
  root.querySelector("[data-position]").hidden = false;
  root.querySelector("[data-nav]").hidden = false;
  // The result section is a step of its own, after the questions.
  var note = root.querySelector("[data-storage]");
  note.hidden = false;
  note.textContent = storage ? say("storage_on") : say("storage_off");
  note.classList.add(storage ? "casebook-assessment-storage--on" : "casebook-assessment-storage--off");

  form.addEventListener("change", function () { savedDate = null; updateProgress(); save(); });
  document.getElementById("ca-notes").addEventListener("input", save);
  root.querySelector("[data-previous]").addEventListener("click", function () { show(current - 1, true); });
  root.querySelector("[data-next]").addEventListener("click", function () { show(current + 1, true); });
  resultSection.querySelector("[data-download]").addEventListener("click", download);
  resultSection.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  resultSection.querySelector("[data-clear]").addEventListener("click", function () {
    if (storage) { storage.removeItem(storageKey); }
    writeState({});
    savedDate = null;
    updateProgress();
    show(0, true);
    note.textContent = say("cleared") + " " + (storage ? say("storage_on") : say("storage_off"));
  });
  importSection.querySelector("[data-import-file]").addEventListener("change", function (event) {
    if (event.target.files && event.target.files[0]) { importFile(event.target.files[0]); }
  });

  var restored = load();
  if (restored) { writeState(restored); }
  updateProgress();
  show(restored && typeof restored.step === "number" ? restored.step : 0, false);
})();
