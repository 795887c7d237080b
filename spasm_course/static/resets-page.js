/*
 * The entry of a page with no course block (the home page, the glossary, ...).  After an
 * update, the first page a learner opens must say how many saved answers were reset because
 * their questions changed, even when that page holds no quiz.  So, when this browser has saved
 * answers (a key with the storage prefix the build gives this script), the page reads the
 * course's question list (course-records.json, written by the build next to the scripts'
 * folder), lets records.js drop the answers of changed questions exactly as a chapter would,
 * and tells the learner once.  With nothing saved it loads nothing more.  Without the list (a
 * page opened from disk, where fetch is refused) it stays silent, and the chapter tells instead.
 */

function hasSaved(prefix) {
  try {
    for (var i = 0; i < window.localStorage.length; i++) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf(prefix) === 0) return true;
    }
  } catch (e) {
    return false; // storage refused: nothing was saved
  }
  return false;
}

var script = document.querySelector("script[data-sc-storage-prefix]");
var prefix = script ? script.getAttribute("data-sc-storage-prefix") : "";

if (prefix && hasSaved(prefix)) {
  var list = new URL("../course-records.json", import.meta.url);
  Promise.all([
    import("./records.js"),
    fetch(list, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("spasm-course: " + list + ": " + response.status);
      return response.json();
    }),
  ]).then(function (loaded) {
    var records = loaded[0];
    var data = loaded[1];
    data.quizzes.forEach(function (quiz) {
      quiz.schedule = data.schedule;
      records.loadRecords(quiz); // drops the answers of changed questions, keeps what it does not understand
    });
    var article = document.querySelector("article") || document.querySelector("main") || document.body;
    if (article.firstElementChild) records.tellResets(article.firstElementChild, data.messages);
  }).catch(function (error) {
    console.warn(error); // no list: the chapter that holds the quiz tells the learner instead
  });
}
