/*
 * Muscle spasms and twitches: accessibility fix-ups of the book theme
 * (pydata-sphinx-theme 0.17, under sphinx-book-theme 1.3), on every page.
 * Added by spasm_course.sphinx_site; course.js loads only on the pages it drives.
 */
(function () {
  "use strict";

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  /*
   * Two buttons of the theme (pydata-sphinx-theme 0.17) fail WCAG 2.5.3
   * "Label in Name": their visible content is not part of their name.
   *   - The search button shows "Search Ctrl+K" but is named "Search": its
   *     name becomes the words it shows.
   *   - The colour-mode button, named "Color mode", holds icons titled
   *     "Light", "Dark" and "System Settings": the icons are decoration.
   */
  function fixThemeButtons() {
    toArray(document.querySelectorAll(".search-button__button")).forEach(function (button) {
      if (!button.querySelector(".search-button__kbd-shortcut")) return;
      button.setAttribute("aria-label", button.textContent.replace(/\s+/g, " ").trim());
    });
    toArray(document.querySelectorAll(".theme-switch-button .theme-switch")).forEach(function (icon) {
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.setAttribute("aria-hidden", "true");
      var title = icon.querySelector("title");
      if (title) icon.removeChild(title);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fixThemeButtons);
  else fixThemeButtons();
})();
