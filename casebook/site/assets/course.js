/* Course and module pages: instant quiz feedback and "module done" progress.
 *
 * Markup contract (written by casebook/pages/course_pages.py):
 * - div.casebook-quiz[data-answer] holds radio inputs (value = option index), an empty
 *   p.casebook-quiz-feedback and a <details> whose <p> states the answer and explanation.
 *   Without JavaScript the <details> is the answer; with it, choosing an option says at once
 *   whether it was right and shows the same explanation.
 * - div.casebook-module-done[data-course][data-module][hidden] on a module page becomes a
 *   "Mark this module as done" checkbox.
 * - div.casebook-progress[data-course][data-modules][hidden] on a course page becomes
 *   "N of M modules done"; the module links after it get a tick when done.
 *
 * Progress lives in localStorage under one key per course. Storage can be missing or throw
 * (turned off, private windows, some browsers on file://): then the controls say that progress
 * cannot be saved and nothing else changes. Nothing here fetches anything.
 */
(function () {
  "use strict";

  const KEY_PREFIX = "casebook:progress:";
  const NO_STORAGE =
    "This browser does not let the page save anything, so progress cannot be kept here.";

  // ---- Storage: every access guarded, because merely reading window.localStorage can throw.

  function openStorage() {
    try {
      const storage = window.localStorage;
      const probe = KEY_PREFIX + "probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null;
    }
  }

  function readDone(storage, course) {
    try {
      const parsed = JSON.parse(storage.getItem(KEY_PREFIX + course) || "[]");
      return new Set(Array.isArray(parsed) ? parsed.filter((m) => typeof m === "string") : []);
    } catch (error) {
      return new Set();
    }
  }

  function writeDone(storage, course, done) {
    try {
      storage.setItem(KEY_PREFIX + course, JSON.stringify(Array.from(done).sort()));
      return true;
    } catch (error) {
      return false; // quota exceeded or storage revoked meanwhile
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // ---- Quiz

  function setUpQuiz(quiz) {
    const answer = quiz.getAttribute("data-answer");
    const feedback = quiz.querySelector(".casebook-quiz-feedback");
    const explanation = quiz.querySelector("details > p");
    if (!feedback) return;
    quiz.addEventListener("change", (event) => {
      const choice = event.target;
      if (!(choice instanceof HTMLInputElement) || choice.type !== "radio") return;
      const correct = choice.value === answer;
      quiz.classList.toggle("casebook-quiz--correct", correct);
      quiz.classList.toggle("casebook-quiz--incorrect", !correct);
      feedback.replaceChildren(
        element("strong", "", correct ? "Correct." : "Not quite."),
        document.createTextNode(correct ? " " : " The answer is "),
      );
      if (explanation) {
        // The explanation is the page's own (already escaped) markup: copied, never parsed.
        for (const node of explanation.childNodes) feedback.appendChild(node.cloneNode(true));
      }
    });
  }

  // ---- Progress on a module page

  function setUpModuleDone(holder, storage) {
    const course = holder.getAttribute("data-course");
    const module = holder.getAttribute("data-module");
    if (!course || !module) return;
    const label = element("label", "casebook-module-done__toggle");
    const box = element("input");
    box.type = "checkbox";
    label.append(box, " Mark this module as done");
    const status = element("p", "casebook-module-done__status");
    status.setAttribute("aria-live", "polite");
    holder.replaceChildren(label, status);
    holder.hidden = false;
    if (!storage) {
      box.disabled = true;
      status.textContent = NO_STORAGE;
      return;
    }
    box.checked = readDone(storage, course).has(module);
    box.addEventListener("change", () => {
      const done = readDone(storage, course);
      if (box.checked) done.add(module);
      else done.delete(module);
      if (writeDone(storage, course, done)) {
        status.textContent = box.checked ? "Saved: this module is marked as done." : "";
      } else {
        status.textContent = NO_STORAGE;
      }
    });
  }

  // ---- Progress on a course page

  function moduleOfLink(link) {
    const file = (link.getAttribute("href") || "").split(/[?#]/)[0].split("/").pop();
    return file.endsWith(".html") ? decodeURIComponent(file.slice(0, -5)) : null;
  }

  function setUpCourseProgress(holder, storage) {
    const course = holder.getAttribute("data-course");
    const modules = (holder.getAttribute("data-modules") || "").split(" ").filter(Boolean);
    if (!course || modules.length === 0) return;
    holder.hidden = false;
    if (!storage) {
      holder.replaceChildren(element("p", "casebook-progress__status", NO_STORAGE));
      return;
    }
    const done = readDone(storage, course);
    const count = modules.filter((module) => done.has(module)).length;
    const summary = element(
      "p",
      "casebook-progress__status",
      count + " of " + modules.length + " modules done",
    );
    const meter = element("progress", "casebook-progress__meter");
    meter.max = modules.length;
    meter.value = count;
    meter.setAttribute("aria-hidden", "true"); // the sentence above says the same
    holder.replaceChildren(summary, meter);

    // The ordered list of modules follows the holder; tick the links of modules done.
    let list = holder.nextElementSibling;
    while (list && list.tagName !== "OL") list = list.nextElementSibling;
    if (!list) return;
    for (const link of list.querySelectorAll("a[href]")) {
      const module = moduleOfLink(link);
      if (module === null || !modules.includes(module)) continue;
      const item = link.closest("li");
      if (!item) continue;
      const old = item.querySelector(".casebook-progress__tick");
      if (old) old.remove();
      if (done.has(module)) {
        const tick = element("span", "casebook-progress__tick", " ✓ done");
        item.appendChild(tick);
      }
    }
  }

  // ---- Printing: answers are part of the printed page, whatever the reader opened.

  function openAnswersForPrint() {
    const closed = [];
    window.addEventListener("beforeprint", () => {
      for (const details of document.querySelectorAll(".casebook-quiz details:not([open])")) {
        details.open = true;
        closed.push(details);
      }
    });
    window.addEventListener("afterprint", () => {
      while (closed.length) closed.pop().open = false;
    });
  }

  function start() {
    document.querySelectorAll(".casebook-quiz[data-answer]").forEach(setUpQuiz);
    const holders = document.querySelectorAll(".casebook-module-done, .casebook-progress");
    if (holders.length) {
      const storage = openStorage();
      document
        .querySelectorAll(".casebook-module-done[data-course]")
        .forEach((holder) => setUpModuleDone(holder, storage));
      const showProgress = () =>
        document
          .querySelectorAll(".casebook-progress[data-course]")
          .forEach((holder) => setUpCourseProgress(holder, storage));
      showProgress();
      // Back from a module page, the browser may show this page from its cache: count again.
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) showProgress();
      });
    }
    openAnswersForPrint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
