/* The page's words for the site's scripts (course.js, explorer.js, search.js): one t() and
 * tn() for all of them, as window.casebookI18n.
 *
 * window.casebookStrings (assets/casebook/strings.js, written per language by
 * casebook/site/strings.py) maps each English text to its translation, or for a count to one
 * text per CLDR plural category; English where it is missing. It is read when a message is
 * written, not when this file loads: the scripts ask for their words once the page is parsed.
 * Placeholders are {name}; numbers are written in the page's language with Latin digits.
 */
(function () {
  "use strict";

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

  // A text: its translation, or the English key.
  function t(english, values) {
    const strings = window.casebookStrings;
    const text = strings && typeof strings.messages[english] === "string" ? strings.messages[english] : english;
    return fill(text, values);
  }

  // A count's text: the form of the language's plural category for n, {n} filled in.
  function tn(singular, plural, n, values) {
    const strings = window.casebookStrings;
    const forms = strings && strings.messages[singular];
    let text = n === 1 ? singular : plural;
    if (forms && typeof forms === "object") {
      text = forms[new Intl.PluralRules(strings.lang).select(n)] || forms.other || text;
    }
    return fill(text, Object.assign({ n: n }, values));
  }

  window.casebookI18n = Object.freeze({ t: t, tn: tn });
})();
