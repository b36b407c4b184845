/* Course and module pages: quizzes answered once, scores, "module done" marks and progress.
 *
 * Markup contract (written by casebook/pages/course_pages.py):
 * - div.casebook-quiz[data-question][data-answer] holds a fieldset of radio inputs (value =
 *   option index), an empty div.casebook-quiz-feedback and a <details> whose <p> states the
 *   answer and explanation. Without JavaScript the <details> is the answer. With it, the first
 *   choice is the answer given: the options lock, the feedback says right or wrong with the
 *   explanation, and a "Try again" button clears that question deliberately.
 * - div.casebook-quiz-score[data-course][data-module][data-questions][hidden] before the
 *   questions becomes "Score: 2 of 3" (and says when answers cannot be saved).
 * - div.casebook-module-done[data-course][data-module][hidden] on a module page becomes a
 *   "Mark this module as done" checkbox.
 * - div.casebook-progress[data-course][data-modules][hidden] on a course page becomes
 *   "N of M modules done" and the course's quiz score; each module's
 *   span.casebook-progress__module[data-module][data-questions] in the list after it says
 *   "done" and that module's score.
 *
 * Saved in localStorage, one key per course for done marks (casebook:progress:<course>, a
 * list), one for answers (casebook:answers:<course>, {module: {question: option}}) and one
 * for scores (casebook:scores:<course>, {module: {right, answered, questions}}). Storage
 * can be missing or throw (turned off, private windows, some browsers on file://): then the
 * page says plainly that nothing is kept, and everything else works for the visit.
 * Nothing here fetches anything.
 */
(function () {
  "use strict";

  // The page's words: t() and tn() of assets/casebook/i18n.js, looked up when a message is
  // written (that script may come after this one on the page).
  const t = (...args) => window.casebookI18n.t(...args);
  const tn = (...args) => window.casebookI18n.tn(...args);

  const KEY_PREFIX = "casebook:progress:";
  const ANSWERS_PREFIX = "casebook:answers:";
  // The module page saves its score per module, so the course page needs no answer key.
  const SCORES_PREFIX = "casebook:scores:";
  const NO_STORAGE = () =>
    t(
      "This browser does not let the page save anything (private window or storage turned off), so progress cannot be kept here.",
    );
  const NO_STORAGE_QUIZ = () =>
    t(
      "Your answers cannot be saved in this browser (private window or storage turned off): they are lost when you leave the page.",
    );

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

  function readJson(storage, key, fallback) {
    if (!storage) return fallback;
    try {
      const parsed = JSON.parse(storage.getItem(key) || "null");
      return parsed === null ? fallback : parsed;
    } catch (error) {
      return fallback;
    }
  }

  function writeJson(storage, key, value) {
    if (!storage) return false;
    try {
      storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false; // quota exceeded or storage revoked meanwhile
    }
  }

  function readDone(storage, course) {
    const parsed = readJson(storage, KEY_PREFIX + course, []);
    return new Set(Array.isArray(parsed) ? parsed.filter((m) => typeof m === "string") : []);
  }

  function writeDone(storage, course, done) {
    return writeJson(storage, KEY_PREFIX + course, Array.from(done).sort());
  }

  // {module: {question: option}} for one course; anything malformed reads as no answer.
  function readAnswers(storage, course) {
    const parsed = readJson(storage, ANSWERS_PREFIX + course, {});
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  }

  function moduleAnswers(all, module) {
    const answers = all[module];
    return answers && typeof answers === "object" && !Array.isArray(answers) ? answers : {};
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // ---- Quiz on a module page

  function setUpQuizzes(scoreHolder, storage) {
    const course = scoreHolder.getAttribute("data-course");
    const module = scoreHolder.getAttribute("data-module");
    const quizzes = Array.from(document.querySelectorAll(".casebook-quiz[data-question]"));
    if (!course || !module || quizzes.length === 0) return;
    // The answers of this visit; saved after every change where storage allows.
    const given = {};
    const saved = moduleAnswers(readAnswers(storage, course), module);
    const score = element("p", "casebook-quiz-score__text");
    score.setAttribute("aria-live", "polite");
    scoreHolder.replaceChildren(score);
    if (!storage) scoreHolder.appendChild(element("p", "casebook-quiz-score__storage", NO_STORAGE_QUIZ()));
    scoreHolder.hidden = false;

    function showScore() {
      const answered = quizzes.filter((quiz) => given[quiz.getAttribute("data-question")] !== undefined);
      const right = answered.filter(
        (quiz) => String(given[quiz.getAttribute("data-question")]) === quiz.getAttribute("data-answer"),
      ).length;
      const missing = quizzes.length - answered.length;
      score.textContent = answered.length
        ? missing > 0
          ? t("Score: {right} of {total} ({missing} not answered yet)", { right, total: quizzes.length, missing })
          : t("Score: {right} of {total}", { right, total: quizzes.length })
        : tn(
            "{n} question: answer each to see your score.",
            "{n} questions: answer each to see your score.",
            quizzes.length,
          );
    }

    function save() {
      if (!storage) return;
      const all = readAnswers(storage, course);
      all[module] = Object.assign({}, given);
      writeJson(storage, ANSWERS_PREFIX + course, all);
    }

    for (const quiz of quizzes) {
      const question = quiz.getAttribute("data-question");
      const answer = quiz.getAttribute("data-answer");
      const feedback = quiz.querySelector(".casebook-quiz-feedback");
      const explanation = quiz.querySelector("details > p");
      const details = quiz.querySelector("details");
      const radios = Array.from(quiz.querySelectorAll('input[type="radio"]'));
      if (!feedback) continue;

      function lock(choice, announce) {
        const correct = String(choice) === answer;
        given[question] = Number(choice);
        for (const radio of radios) {
          radio.checked = radio.value === String(choice);
          radio.disabled = true;
          const option = radio.closest("label");
          if (option) {
            option.classList.toggle("is-chosen", radio.value === String(choice));
            option.classList.toggle("is-answer", radio.value === answer);
            // The mark after the option (casebook.css writes it with attr()): in the page's language.
            option.setAttribute("data-mark", radio.value === answer ? t("✓ right answer") : t("✗ your answer"));
          }
        }
        quiz.classList.toggle("casebook-quiz--correct", correct);
        quiz.classList.toggle("casebook-quiz--incorrect", !correct);
        if (details) details.hidden = true; // the feedback says the same
        const verdict = element("p", "casebook-quiz-verdict");
        verdict.append(
          element("strong", "", correct ? t("Correct.") : t("Not quite.")),
          document.createTextNode(correct ? " " : " " + t("The answer is") + " "),
        );
        if (explanation) {
          // The explanation is the page's own (already escaped) markup: copied, never parsed.
          for (const node of explanation.childNodes) verdict.appendChild(node.cloneNode(true));
        }
        const again = element("button", "casebook-quiz-again md-button", t("Try again"));
        again.type = "button";
        again.addEventListener("click", () => reset(true));
        if (announce) feedback.replaceChildren(verdict, again);
        else {
          // Restored from storage: shown at once, not announced as news.
          feedback.setAttribute("aria-live", "off");
          feedback.replaceChildren(verdict, again);
          feedback.setAttribute("aria-live", "polite");
        }
      }

      function reset(focus) {
        delete given[question];
        for (const radio of radios) {
          radio.checked = false;
          radio.disabled = false;
          const option = radio.closest("label");
          if (option) option.classList.remove("is-chosen", "is-answer");
        }
        quiz.classList.remove("casebook-quiz--correct", "casebook-quiz--incorrect");
        if (details) details.hidden = false;
        feedback.replaceChildren();
        save();
        showScore();
        if (focus && radios[0]) radios[0].focus();
      }

      quiz.addEventListener("change", (event) => {
        const choice = event.target;
        if (!(choice instanceof HTMLInputElement) || choice.type !== "radio") return;
        if (given[question] !== undefined) return; // answered once; "Try again" unlocks
        lock(choice.value, true);
        save();
        showScore();
        const again = feedback.querySelector("button");
        if (again) again.focus({ preventScroll: true });
      });

      const previous = saved[question];
      if (Number.isInteger(previous) && previous >= 0 && previous < radios.length) lock(previous, false);
    }
    showScore();
  }

  // ---- Progress on a module page

  function setUpModuleDone(holder, storage) {
    const course = holder.getAttribute("data-course");
    const module = holder.getAttribute("data-module");
    if (!course || !module) return;
    const label = element("label", "casebook-module-done__toggle");
    const box = element("input");
    box.type = "checkbox";
    label.append(box, " " + t("Mark this module as done"));
    const status = element("p", "casebook-module-done__status");
    status.setAttribute("aria-live", "polite");
    holder.replaceChildren(label, status);
    holder.hidden = false;
    if (!storage) {
      box.disabled = true;
      status.textContent = NO_STORAGE();
      return;
    }
    box.checked = readDone(storage, course).has(module);
    box.addEventListener("change", () => {
      const done = readDone(storage, course);
      if (box.checked) done.add(module);
      else done.delete(module);
      if (writeDone(storage, course, done)) {
        status.textContent = box.checked ? t("Saved: this module is marked as done.") : "";
      } else {
        status.textContent = NO_STORAGE();
      }
    });
  }

  // ---- Progress on a course page

  function setUpCourseProgress(holder, storage) {
    const course = holder.getAttribute("data-course");
    const modules = (holder.getAttribute("data-modules") || "").split(" ").filter(Boolean);
    if (!course || modules.length === 0) return;
    holder.hidden = false;
    if (!storage) {
      holder.replaceChildren(element("p", "casebook-progress__status", NO_STORAGE()));
      return;
    }
    const done = readDone(storage, course);
    const scores = readJson(storage, SCORES_PREFIX + course, {});
    const count = modules.filter((module) => done.has(module)).length;
    const summary = element(
      "p",
      "casebook-progress__status",
      tn("{done} of {n} module done", "{done} of {n} modules done", modules.length, { done: count }),
    );
    const meter = element("progress", "casebook-progress__meter");
    meter.max = modules.length;
    meter.value = count;
    meter.setAttribute("aria-hidden", "true"); // the sentence above says the same
    let right = 0;
    let questions = 0;
    for (const module of modules) {
      const s = scores && scores[module];
      if (s && Number.isInteger(s.right) && Number.isInteger(s.questions)) {
        right += s.right;
        questions += s.questions;
      }
    }
    const parts = [summary, meter];
    if (questions) {
      parts.push(
        element("p", "casebook-progress__score", t("Quiz score so far: {right} of {total}", { right, total: questions })),
      );
    }
    holder.replaceChildren(...parts);

    for (const slot of document.querySelectorAll(".casebook-progress__module[data-module]")) {
      const module = slot.getAttribute("data-module");
      const total = Number(slot.getAttribute("data-questions")) || 0;
      const bits = [];
      if (done.has(module)) bits.push(t("✓ done"));
      const s = scores && scores[module];
      if (total && s && Number.isInteger(s.right) && s.answered > 0) {
        bits.push(
          s.answered < total
            ? t("quiz {right} of {total} ({answered} answered)", { right: s.right, total, answered: s.answered })
            : t("quiz {right} of {total}", { right: s.right, total }),
        );
      } else if (total) {
        bits.push(t("quiz not started"));
      }
      slot.textContent = bits.length ? " · " + bits.join(" · ") : "";
      slot.classList.toggle("is-done", done.has(module));
    }
  }

  function saveScore(storage, holder) {
    if (!storage) return;
    const course = holder.getAttribute("data-course");
    const module = holder.getAttribute("data-module");
    const quizzes = Array.from(document.querySelectorAll(".casebook-quiz[data-question]"));
    const answers = moduleAnswers(readAnswers(storage, course), module);
    let right = 0;
    let answered = 0;
    for (const quiz of quizzes) {
      const choice = answers[quiz.getAttribute("data-question")];
      if (choice === undefined) continue;
      answered++;
      if (String(choice) === quiz.getAttribute("data-answer")) right++;
    }
    const scores = readJson(storage, SCORES_PREFIX + course, {});
    const next = scores && typeof scores === "object" && !Array.isArray(scores) ? scores : {};
    next[module] = { right: right, answered: answered, questions: quizzes.length };
    writeJson(storage, SCORES_PREFIX + course, next);
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
    const storage = openStorage();
    const scoreHolder = document.querySelector(".casebook-quiz-score[data-course]");
    if (scoreHolder) {
      setUpQuizzes(scoreHolder, storage);
      saveScore(storage, scoreHolder);
      document.addEventListener("change", () => saveScore(storage, scoreHolder));
      document.addEventListener("click", (event) => {
        if (event.target instanceof Element && event.target.closest(".casebook-quiz-again")) {
          saveScore(storage, scoreHolder);
        }
      });
    }
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
    openAnswersForPrint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
