/*
 * The progress file (engines/progress.py, content/schema/progress.schema.json): whether the page
 * accepts one, which of its records count, and how they merge with this browser's.  Each
 * function has its Python reference, replayed by tests/browser/test_parity.py:
 *   checkFile     -- progress.read_progress_file / check_progress (the order: format marker,
 *                    version, schema, course);
 *   schemaProblem -- the JSON Schema check (jsonschema in Python), for the keywords
 *                    progress.SCHEMA_KEYWORDS lists;
 *   dropStale     -- progress.drop_stale;
 *   mergeRecords  -- progress.merge (by progress.MERGE_BY, shipped as merge_by).
 */

import { has, put, typeOf } from "./util.js";

/** A string's length in characters (code points), as JSON Schema counts it. */
function length(text) {
  var count = 0;
  for (var i = 0; i < text.length; i++) {
    var unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      var next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++; // a surrogate pair is one character
    }
    count++;
  }
  return count;
}

/**
 * The first way `value` breaks `schema` (progress.schema.json, shipped in the page data), or
 * null.  Only the keywords progress.SCHEMA_KEYWORDS lists, which a test keeps the schema to.
 * The reason is for developers (console.warn); the learner sees the page's own message.
 */
export function schemaProblem(schema, value, path) {
  var type = typeOf(value);
  if (schema.type !== undefined) {
    var types = [].concat(schema.type);
    var fits = types.some(function (t) {
      return t === type || (t === "number" && type === "integer");
    });
    if (!fits) return path + ": type";
  }
  if (has(schema, "const") && value !== schema.const) return path + ": const";
  if (schema.enum && schema.enum.indexOf(value) === -1) return path + ": enum";
  if (type === "string") {
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) return path + ": pattern";
    if (schema.minLength !== undefined && length(value) < schema.minLength) return path + ": minLength";
    if (schema.maxLength !== undefined && length(value) > schema.maxLength) return path + ": maxLength";
  }
  if (type === "integer" || type === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return path + ": minimum";
    if (schema.maximum !== undefined && value > schema.maximum) return path + ": maximum";
  }
  if (type === "array") {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return path + ": maxItems";
    if (schema.items) {
      for (var i = 0; i < value.length; i++) {
        var inItem = schemaProblem(schema.items, value[i], path + "/" + i);
        if (inItem) return inItem;
      }
    }
  }
  if (type === "object") {
    var keys = Object.keys(value);
    var required = schema.required || [];
    for (var r = 0; r < required.length; r++) {
      if (!has(value, required[r])) return path + ": required " + required[r];
    }
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) return path + ": maxProperties";
    for (var k = 0; k < keys.length; k++) {
      var key = keys[k];
      if (schema.propertyNames) {
        var badName = schemaProblem(schema.propertyNames, key, path + "/" + key);
        if (badName) return badName;
      }
      var sub = has(schema.properties, key) ? schema.properties[key] : null;
      if (!sub && schema.additionalProperties === false) return path + "/" + key + ": not allowed";
      if (!sub && schema.additionalProperties && typeof schema.additionalProperties === "object") {
        sub = schema.additionalProperties;
      }
      if (sub) {
        var inner = schemaProblem(sub, value[key], path + "/" + key);
        if (inner) return inner;
      }
    }
  }
  return null;
}

/**
 * Whether the page accepts a progress file's text.  `expected` holds the page's format,
 * format_version, course and schema.  Returns {file} when accepted, else {reason, problem}:
 * reason "malformed", "newer" or "foreign" (progress.REASONS), problem for developers.
 */
export function checkFile(text, expected) {
  var file;
  try {
    file = JSON.parse(text);
  } catch (e) {
    return { reason: "malformed", problem: "not valid JSON: " + e.message };
  }
  if (typeOf(file) !== "object" || file.format !== expected.format) {
    return { reason: "malformed", problem: "not a progress file (its format is not " + expected.format + ")" };
  }
  if (typeOf(file.format_version) === "integer" && file.format_version > expected.format_version) {
    return { reason: "newer", problem: "format version " + file.format_version + " is newer than " +
      expected.format_version };
  }
  var problem = schemaProblem(expected.schema, file, "");
  if (problem) return { reason: "malformed", problem: "does not match the schema at " + problem };
  if (file.course !== expected.course) return { reason: "foreign", problem: "from another course: " + file.course };
  return { file: file };
}

/** The records whose question exists with the same hash ({kept}); the ids of the others ({dropped}). */
export function dropStale(records, hashes) {
  var kept = {};
  var dropped = [];
  Object.keys(records).forEach(function (id) {
    if (has(hashes, id) && typeOf(records[id]) === "object" && records[id].hash === hashes[id]) {
      put(kept, id, records[id]);
    } else {
      dropped.push(id);
    }
  });
  return { kept: kept, dropped: dropped };
}

/**
 * Two sets of records merged question by question: a record on one side only is kept; on both
 * sides, the greater `mergeBy` value (the newer ISO time) wins, and a tie keeps `kept`'s.
 */
export function mergeRecords(kept, incoming, mergeBy) {
  var merged = {};
  Object.keys(kept).forEach(function (id) {
    put(merged, id, kept[id]);
  });
  Object.keys(incoming).forEach(function (id) {
    if (!has(merged, id) || incoming[id][mergeBy] > merged[id][mergeBy]) put(merged, id, incoming[id]);
  });
  return merged;
}
