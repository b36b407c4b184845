// Live reload for `casebook serve` only. The preview server adds this script to every page it
// serves (casebook/serve.py); it is never part of a built site, a bundle or an edition.
// The page knows the build it was served from (data-build); the script asks the server for
// the current build by loading a tiny script every second (a <script> element, as the site's
// own data arrives: no fetch, nothing inline, so the page's Content-Security-Policy allows it)
// and reloads the page once a newer build (or a failed one, whose page lists the problems) is
// there.
(function () {
  "use strict";
  var script = document.currentScript;
  var served = script ? script.getAttribute("data-build") : null;
  var pollPath = script ? script.getAttribute("data-poll") : null;
  if (served === null || pollPath === null) {
    return;
  }
  var every = 1000;
  window.casebookPreviewBuild = function (current) {
    if (String(current) !== served) {
      window.location.reload();
    }
  };
  function poll() {
    var probe = document.createElement("script");
    probe.src = pollPath + "?" + Date.now();
    probe.addEventListener("load", done);
    probe.addEventListener("error", done); // the server stopped: keep asking quietly
    function done() {
      probe.remove();
      window.setTimeout(poll, every);
    }
    document.head.appendChild(probe);
  }
  window.setTimeout(poll, every);
})();
