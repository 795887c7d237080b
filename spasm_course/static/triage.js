/*
 * The triage simulator (section.sc-triage).  Its data (render.triage_page_data) is what this
 * reads of triage.decision_table(): every result, the routes (which answers a form needs, which
 * key applies), the key's parts, where each cause counts, the card's one layout
 * (triage_card.CARD_LAYOUTS) and the words.  The rules below are replayed by
 * tests/browser/test_parity.py against the Python reference:
 *   findRoute     -- triage.route (the first of triage_words.ROUTES that applies; "somewhere else" first);
 *   missingFields -- triage.missing_fields;
 *   decisionKey   -- triage.decision_key (triage.KEY_PARTS);
 *   causeOffered  -- triage_words.CAUSE_PLACES, as triage.check_answers enforces it;
 *   unpackResults -- decision_table()["results"] (less the warning-sign ids the card does not show).
 */

import { checked, fill, has, lookup, make, readData, showControls, toArray } from "./util.js";

/** decision_table() arrives with repeated strings stored once (render.triage_page_data); undo that. */
export function unpackResults(table) {
  var results = {};
  Object.keys(table.results).forEach(function (key) {
    var packed = table.results[key];
    var result = {};
    Object.keys(packed).forEach(function (name) {
      var value = packed[name];
      result[name] = table.packed.indexOf(name) !== -1
        ? value.map(function (i) {
            return lookup(table.strings, i, "triage string");
          })
        : value;
    });
    results[key] = result;
  });
  return results;
}

/** The first route whose field's answer is one of its values (the last has no field), or null (logged). */
export function findRoute(table, answers) {
  var routes = table.routes;
  for (var i = 0; i < routes.length; i++) {
    var item = routes[i];
    if (item.field === null || item.values.indexOf(answers[item.field]) !== -1) return item;
  }
  console.error("spasm-course: no triage route for " + JSON.stringify(answers));
  return null;
}

/** The fields still to answer (null = not answered; causes [] = "None of these"), in form order. */
export function missingFields(table, answers) {
  var route = findRoute(table, answers);
  if (!route) return null;
  return route.required.filter(function (name) {
    return answers[name] === null;
  });
}

/** The decision table's key of complete answers, by the route's key parts. */
export function decisionKey(table, answers) {
  var route = findRoute(table, answers);
  if (!route) return null;
  var parts = lookup(table.key_parts, route.id, "key parts for") || [];
  return parts.map(function (part) {
    if (has(part, "const")) return part.const;
    var value = answers[part.field];
    if (has(part, "some")) return value.length ? part.some : part.none;
    return value;
  }).join(table.key_separator);
}

/** Whether the form offers `cause` for a spasm in `place` (a cause not listed counts everywhere). */
export function causeOffered(table, cause, place) {
  return !has(table.cause_places, cause) || table.cause_places[cause].indexOf(place) !== -1;
}

export function Triage(root) {
  var table = readData(root, "script.sc-triage-data");
  if (!table) return;
  var self = this;
  this.words = checked(table.messages, "triage message");
  this.table = table;
  this.results = unpackResults(table);
  this.form = root.querySelector("form.sc-triage-form");
  this.region = root.querySelector(".sc-triage-result");
  this.showing = false; // a result (not a note) is on screen
  this.fieldsets = {};
  toArray(root.querySelectorAll("fieldset[data-field]")).forEach(function (fieldset) {
    self.fieldsets[fieldset.getAttribute("data-field")] = fieldset;
  });
  // Said while a route's answer makes the other questions unneeded ("Somewhere else, or not sure").
  this.notNeeded = make("p", "sc-triage-not-needed");
  this.notNeeded.appendChild(make("strong", null, this.words.not_needed));
  this.notNeeded.setAttribute("role", "status");
  this.notNeeded.hidden = true;
  var first = lookup(this.fieldsets, table.fields[0], "fieldset for");
  if (first) first.parentNode.insertBefore(this.notNeeded, first.nextSibling);
  this.form.addEventListener("submit", function (event) {
    event.preventDefault();
    self.check();
  });
  this.form.addEventListener("change", function (event) {
    self.onChange(event.target);
  });
  this.refresh();
  toArray(root.querySelectorAll(".sc-buttons")).forEach(showControls);
  root.classList.add("sc-ready");
}

Triage.prototype.inputs = function (name) {
  var fieldset = lookup(this.fieldsets, name, "fieldset for");
  return fieldset ? toArray(fieldset.querySelectorAll("input")) : [];
};

/** The answers, as assess() takes them: null = not answered; causes [] = "None of these". */
Triage.prototype.answers = function () {
  var self = this;
  var answers = {};
  this.table.fields.forEach(function (name) {
    var ticked = self.inputs(name).filter(function (input) {
      return input.checked && !input.disabled;
    });
    if (name === "causes") {
      var causes = ticked
        .filter(function (input) {
          return input.value !== "none";
        })
        .map(function (input) {
          return input.value;
        });
      answers.causes = causes.length || ticked.length ? causes : null;
    } else {
      answers[name] = ticked.length ? ticked[0].value : null;
    }
  });
  return answers;
};

/**
 * Show only what the answers so far need: the questions a route does not need are
 * greyed out (a twitch needs no spasm answers; "somewhere else" needs nothing more,
 * and says so), and a cause that counts only in some places is offered only there
 * (and, until a place is chosen, not at all), unticked when it goes.
 */
Triage.prototype.refresh = function () {
  var self = this;
  var table = this.table;
  var answers = this.answers();
  var route = findRoute(table, answers);
  if (!route) return;
  table.fields.forEach(function (name) {
    var fieldset = lookup(self.fieldsets, name, "fieldset for");
    if (fieldset && name !== table.fields[0]) fieldset.disabled = route.required.indexOf(name) === -1;
  });
  this.notNeeded.hidden = !route.note;
  this.inputs("causes").forEach(function (input) {
    if (input.value === "none") return;
    var offered = causeOffered(table, input.value, answers.where);
    input.parentNode.hidden = !offered;
    input.disabled = !offered;
    if (!offered) input.checked = false;
  });
};

Triage.prototype.onChange = function (input) {
  if (input.name === "sc-triage.causes") {
    // "None of these" and the causes exclude each other.
    var none = input.value === "none";
    if (input.checked) {
      this.inputs("causes").forEach(function (other) {
        if (other !== input && (none || other.value === "none")) other.checked = false;
      });
    }
  }
  this.refresh();
  if (this.showing) this.note(this.words.changed); // the shown result is out of date
};

Triage.prototype.note = function (message) {
  this.showing = false;
  this.region.textContent = "";
  var card = make("div", "sc-triage-card sc-triage-note");
  var p = make("p");
  p.appendChild(make("strong", null, message));
  card.appendChild(p);
  this.region.appendChild(card);
};

Triage.prototype.check = function () {
  var answers = this.answers();
  var table = this.table;
  var missing = missingFields(table, answers);
  if (!missing) return;
  if (missing.length) {
    this.note(fill(this.words.please_answer, {
      fields: missing.map(function (name) {
        return lookup(table.names, name, "field name");
      }).join(", "),
    }));
    return;
  }
  var result = lookup(this.results, decisionKey(table, answers), "triage result for");
  if (result) this.card(result);
};

/**
 * The result card, in the one layout of triage_card.CARD_LAYOUTS (shipped as card_layouts):
 * the label in words (never colour alone), the lists under their headings (empty ones left
 * out), the emergency sentence and the disclaimer, in the level's order.
 */
Triage.prototype.card = function (result) {
  var words = this.words;
  var table = this.table;
  var level = lookup(table.levels, result.level, "triage level") || {};
  var card = make("div", "sc-triage-card sc-triage-" + result.level);
  if (level.colour) card.style.borderLeftColor = level.colour;
  if (level.background) card.style.backgroundColor = level.background;
  var layout = has(table.card_layouts, result.level)
    ? table.card_layouts[result.level]
    : lookup(table.card_layouts, "default", "card layout");
  (layout || []).forEach(function (part) {
    if (part === "label") {
      var label = make("p", "sc-triage-label");
      label.appendChild(make("strong", null, words.result + ": " + result.label));
      card.appendChild(label);
    } else if (part === "emergency") {
      var emergency = make("p", "sc-triage-emergency");
      emergency.appendChild(make("strong", null, words.emergency));
      card.appendChild(emergency);
    } else if (part === "disclaimer") {
      var disclaimer = make("p", "sc-triage-disclaimer");
      disclaimer.appendChild(make("em", null, words.disclaimer));
      card.appendChild(disclaimer);
    } else {
      var lines = lookup(result, part, "triage result part") || [];
      if (!lines.length) return;
      var headingId = lookup(table.card_headings, part, "card heading for");
      var heading = make("p");
      heading.appendChild(make("strong", null, words[headingId] + ":")); // a checked table: a missing word is logged
      card.appendChild(heading);
      if (part === "source") {
        var quotes = make("blockquote", "sc-triage-source");
        lines.forEach(function (quote) {
          quotes.appendChild(make("p", null, "\u201c" + quote + "\u201d"));
        });
        card.appendChild(quotes);
      } else {
        var ul = make("ul", "sc-triage-" + part);
        lines.forEach(function (line) {
          ul.appendChild(make("li", null, line));
        });
        card.appendChild(ul);
      }
    }
  });
  this.region.textContent = "";
  this.region.appendChild(card);
  this.showing = true;
};
