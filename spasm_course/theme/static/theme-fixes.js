/*
 * Fix-ups of the theme's own buttons, for pydata-sphinx-theme 0.17.1 (under
 * sphinx-book-theme 1.3.0).  Loaded on every page by spasm_course.sphinx_slim;
 * tests/test_theme_pins.py fails when the installed theme is another version.
 *
 * 1. The sidebar toggles.  Both themes wire only the first ".primary-toggle"
 *    and ".secondary-toggle" of the page (document.querySelector): the
 *    navbar's, which sphinx-book-theme hides.  The toggles a reader sees, in
 *    the article header, did nothing on a phone.  They now click the wired one.
 *
 * 2. WCAG 2.5.3 "Label in Name": the search button shows "Search Ctrl+K" (the
 * theme's script writes "⌘" for "Ctrl" on a Mac) but is named "Search"; its
 * name becomes the words it shows.  (The colour-mode button's icons, titled
 * "Light", "Dark" and "System Settings" by Font Awesome's script, are now
 * written at build time as decorative SVG, with no title.)
 */
(function () {
  "use strict";

  function fixSearchButtons() {
    var buttons = document.querySelectorAll(".search-button__button");
    for (var i = 0; i < buttons.length; i++) {
      if (!buttons[i].querySelector(".search-button__kbd-shortcut")) continue;
      buttons[i].setAttribute("aria-label", buttons[i].textContent.replace(/\s+/g, " ").trim());
    }
  }

  function forwardSidebarToggles() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var toggles = document.querySelectorAll(selector);
      for (var i = 1; i < toggles.length; i++) {
        toggles[i].addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          toggles[0].click();
        });
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", forwardSidebarToggles);
  else forwardSidebarToggles();
  // After the theme's script has written the shortcut keys (it runs on DOMContentLoaded).
  if (document.readyState === "complete") fixSearchButtons();
  else window.addEventListener("load", fixSearchButtons);
})();
