/* The entry of the Practice again page: its set-up pushes a job per quiz of its own. */
import { start } from "./start.js";
import { Practice } from "./practice.js";

start("div.sc-practice", function (root, jobs) {
  new Practice(root, jobs);
}, true);
