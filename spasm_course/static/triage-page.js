/* The entry of a page that shows the triage simulator (chapter 5). */
import { start } from "./start.js";
import { Triage } from "./triage.js";

start("section.sc-triage", function (root) {
  new Triage(root);
});
