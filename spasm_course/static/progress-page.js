/* The entry of the progress page. */
import { start } from "./start.js";
import { Progress } from "./progress.js";

start("div.sc-progress", function (root) {
  new Progress(root);
});
