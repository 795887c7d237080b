/* The entry of a page that shows quizzes (a chapter). */
import { start } from "./start.js";
import { Quiz } from "./quiz.js";

start("section.sc-quiz", function (root) {
  new Quiz(root);
});
