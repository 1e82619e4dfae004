// Saving a data file through the editor changes only the values edited.
//
// Sveltia CMS writes a YAML file anew from its form: comments (the first-line
// yaml-language-server schema line that `plansite check` requires, "where this came
// from" notes), key order, quotes, folded lines and empty lists would all be lost. So each
// data file gets its own format ("plansite-yaml-<dataset>", set in config.yml by
// outputs/editor_config.py): reading keeps the file's text and its parsed YAML Document
// (eemeli/yaml, vendored beside this file); saving compares the form's values with the
// Document and rewrites only the text of the values that differ (a changed value, a key
// or list item added or removed), so every other byte is kept. The result is read back:
// if it does not hold exactly the form's values, the whole Document is printed instead
// (comments and order still kept, some line breaks not).
// One format per file, because Sveltia gives toFile the values but not the file's path.
import { Document, parseDocument, stringify, isMap, isSeq, isScalar } from "./yaml/index.js";

const OPTIONS = { lineWidth: 0, flowCollectionPadding: false, indent: 2 };
const FILES = new Map(); // format name -> {text, doc} last read or saved

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
// What the form leaves out when a field is empty (omit_empty_optional_fields): a value
// like this, missing from the form's data, was not deleted by the person. Nor was a gap
// ("not in the source") where the form edits a date: it has no field that can show one.
const isEmpty = (v) =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const lineStart = (text, pos) => text.lastIndexOf("\n", pos - 1) + 1;
const column = (text, pos) => pos - lineStart(text, pos);
const lineEnd = (text, pos) => (text[pos - 1] === "\n" ? pos : text.indexOf("\n", pos) < 0 ? text.length : text.indexOf("\n", pos) + 1);

// A value written as block YAML whose first line starts at column `col`.
function blockText(value, col) {
  const lines = stringify(value, OPTIONS).replace(/\n$/, "").split("\n");
  return lines.map((line, i) => (i === 0 || !line ? line : " ".repeat(col) + line)).join("\n");
}

function flowText(value) {
  const doc = new Document(value);
  if (doc.contents && !isScalar(doc.contents)) doc.contents.flow = true;
  else if (typeof value === "string" && /[,[\]{}#:]/.test(value)) return JSON.stringify(value);
  return doc.toString(OPTIONS).trim();
}

function scalarText(node, value, col, inFlow) {
  if (inFlow) return flowText(value);
  if (typeof value === "string" && !value.includes("\n") && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE")) {
    return stringify(value, { ...OPTIONS, defaultStringType: node.type }).trim(); // keep its quotes
  }
  return blockText(value, col);
}

// One walk does two things: it applies each change to the Document (what the file must
// hold afterwards), and it records the text edit that makes the same change in place.
class Save {
  constructor(text, doc, kept) {
    this.text = text;
    this.doc = doc;
    this.kept = kept;
    this.edits = [];
  }

  edit(start, end, replacement) {
    this.edits.push({ start, end, replacement });
  }

  // Put `value` where `node` (the value of parent's `key`) is, rewriting only its text.
  replace(parent, key, node, value, inFlow) {
    const { text } = this;
    parent.set(key, this.doc.createNode(value));
    if (!node || !node.range) return (this.failed = true);
    let [start, end] = node.range;
    if (isScalar(node)) {
      if (node.type?.startsWith("BLOCK") && text[end - 1] === "\n") end -= 1;
      return this.edit(start, end, scalarText(node, value, column(text, start), inFlow));
    }
    if (node.flow || inFlow) {
      const emptied = (isSeq(node) || isMap(node)) && node.items.length === 0;
      if (emptied && !inFlow && !isEmpty(value) && typeof key === "string") {
        // `roles: []` gaining an item becomes a block list under its key
        const keyNode = parent.items.find((pair) => pair.key?.value === key)?.key;
        const col = keyNode?.range ? column(text, keyNode.range[0]) + 2 : column(text, start);
        while (text[start - 1] === " ") start -= 1;
        return this.edit(start, end, "\n" + " ".repeat(col) + blockText(value, col));
      }
      return this.edit(start, end, flowText(value));
    }
    const newline = text[end - 1] === "\n" ? "\n" : "";
    this.edit(start, end, blockText(value, column(text, start)) + newline);
  }

  value(parent, key, oldValue, newValue, inFlow = false) {
    if (same(oldValue, newValue)) return;
    // a choice of several names shows a bare gap as a list of that one word: it is unchanged
    if (this.kept.includes(oldValue) && Array.isArray(newValue) && same(newValue, [oldValue])) return;
    const node = parent.get(key, true);
    if (isObject(oldValue) && isObject(newValue) && isMap(node)) return this.map(node, oldValue, newValue, inFlow || node.flow);
    if (Array.isArray(oldValue) && Array.isArray(newValue) && isSeq(node) && node.items.length) {
      return this.seq(parent, key, node, oldValue, newValue, inFlow || node.flow);
    }
    if (isScalar(node) && !isObject(newValue) && !Array.isArray(newValue)) {
      node.value = newValue;
      const [start, end] = node.range ?? [];
      if (!node.range) return (this.failed = true);
      return this.edit(start, node.type?.startsWith("BLOCK") && this.text[end - 1] === "\n" ? end - 1 : end,
        scalarText(node, newValue, column(this.text, start), inFlow));
    }
    this.replace(parent, key, node, newValue, inFlow);
  }

  map(map, oldValue, newValue, inFlow) {
    const { text } = this;
    const removed = Object.keys(oldValue).filter((k) => !(k in newValue) && !isEmpty(oldValue[k]) && !this.kept.includes(oldValue[k]));
    const added = Object.keys(newValue).filter((k) => !(k in oldValue) && !isEmpty(newValue[k]));
    if ((removed.length || added.length) && (inFlow || !map.range)) {
      // a flow map ({a: b}) that gains or loses a key is written again, as flow
      for (const k of removed) map.delete(k);
      for (const k of added) map.set(k, this.doc.createNode(newValue[k]));
      for (const k of Object.keys(newValue)) if (k in oldValue) map.set(k, this.doc.createNode(newValue[k]));
      if (!map.range) return (this.failed = true);
      return this.edit(map.range[0], map.range[1], flowText(map.toJSON()));
    }
    const firstKey = map.items[0]?.key?.value;
    for (const k of removed) {
      const pair = map.items.find((p) => p.key?.value === k);
      const keyStart = pair?.key?.range?.[0];
      const valueEnd = pair?.value?.range?.[2];
      if (k === firstKey || keyStart === undefined || valueEnd === undefined || text.slice(lineStart(text, keyStart), keyStart).trim()) {
        this.failed = true; // the first key shares its line with "- ": not removed in place
      } else {
        this.edit(lineStart(text, keyStart), lineEnd(text, valueEnd), "");
      }
      map.delete(k);
    }
    for (const [k, value] of Object.entries(newValue)) {
      if (k in oldValue) this.value(map, k, oldValue[k], value, inFlow);
    }
    if (added.length) {
      const col = column(text, map.range[0]);
      const end = map.range[1];
      const lead = text[end - 1] === "\n" ? "" : "\n";
      const block = Object.fromEntries(added.map((k) => [k, newValue[k]]));
      this.edit(end, end, lead + " ".repeat(col) + blockText(block, col) + (lead ? "" : "\n"));
      for (const k of added) map.set(k, this.doc.createNode(newValue[k]));
    }
  }

  seq(parent, key, seq, oldValue, newValue, inFlow) {
    if (inFlow) return this.replace(parent, key, seq, newValue, inFlow);
    const { text } = this;
    const col = column(text, seq.range[0]);
    const itemStart = (node) => lineStart(text, node.range[0]);
    const itemEnd = (node) => lineEnd(text, node.range[2] ?? node.range[1]);
    const itemText = (value) => " ".repeat(col) + "- " + blockText(value, col + 2) + "\n";
    const ids = (list) => (list.every((v) => isObject(v) && typeof v.id === "string") ? list.map((v) => v.id) : null);
    const oldIds = ids(oldValue);
    const newIds = ids(newValue);
    const items = seq.items.slice();
    if (!items.every((node) => node?.range)) return this.replace(parent, key, seq, newValue, inFlow);
    if (oldIds && newIds && new Set(oldIds).size === oldIds.length && new Set(newIds).size === newIds.length) {
      const kept = newIds.filter((id) => oldIds.includes(id));
      if (!same(kept, oldIds.filter((id) => newIds.includes(id)))) return this.replace(parent, key, seq, newValue, inFlow);
      oldIds.forEach((id, i) => {
        if (!newIds.includes(id)) this.edit(itemStart(items[i]), itemEnd(items[i]), "");
      });
      const end = seq.range[1];
      newValue.forEach((item, j) => {
        const i = oldIds.indexOf(item.id);
        if (i >= 0) return this.value(seq, i, oldValue[i], item);
        const next = newIds.slice(j + 1).find((id) => oldIds.includes(id));
        const at = next === undefined ? end : itemStart(items[oldIds.indexOf(next)]);
        this.edit(at, at, (text[at - 1] === "\n" || at === 0 ? "" : "\n") + itemText(item));
      });
      const current = seq.items.slice(); // the kept items, as this walk left them
      seq.items = newValue.map((item) => {
        const i = oldIds.indexOf(item.id);
        return i >= 0 ? current[i] : this.doc.createNode(item);
      });
      return;
    }
    const shared = Math.min(oldValue.length, newValue.length);
    for (let i = 0; i < shared; i += 1) this.value(seq, i, oldValue[i], newValue[i]);
    for (let i = shared; i < oldValue.length; i += 1) this.edit(itemStart(items[i]), itemEnd(items[i]), "");
    const end = seq.range[1];
    const extra = newValue.slice(shared);
    if (extra.length) this.edit(end, end, (text[end - 1] === "\n" ? "" : "\n") + extra.map(itemText).join(""));
    seq.items.splice(newValue.length);
    for (const item of extra) seq.add(this.doc.createNode(item));
  }

  result() {
    let out = this.text;
    const edits = this.edits.slice().sort((a, b) => b.start - a.start || b.end - a.end);
    for (const { start, end, replacement } of edits) out = out.slice(0, start) + replacement + out.slice(end);
    return out;
  }
}

// The file's new text: edited in place when that reads back as the form's values. A value
// in `kept` (the models' gap words) that the form left out stays as it was.
export function saveText(text, value, kept = []) {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) {
    const fresh = new Document(value);
    return fresh.toString(OPTIONS);
  }
  const save = new Save(text, doc, kept);
  save.map(doc.contents, doc.toJS() ?? {}, value, doc.contents.flow);
  const wanted = doc.toJS();
  if (!save.failed) {
    const out = save.result();
    const back = parseDocument(out);
    if (!back.errors.length && same(back.toJS(), wanted)) return out;
  }
  return doc.toString(OPTIONS);
}

function register(CMS, name, kept) {
  CMS.registerCustomFormat(name, "yaml", {
    fromFile(text) {
      const doc = parseDocument(text); // YAML 1.2 core schema: 2019-03-31 stays a string
      if (doc.errors.length) throw doc.errors[0];
      FILES.set(name, text);
      return doc.toJS() ?? {};
    },
    toFile(value) {
      const text = FILES.has(name) ? saveText(FILES.get(name), value, kept) : new Document(value).toString(OPTIONS);
      FILES.set(name, text);
      return text;
    },
  });
}

// The dataset names come from the page (written by outputs/editor_page.py from the models).
if (typeof document !== "undefined") {
  const script = document.querySelector('script[src$="plansite-yaml-format.js"]');
  const kept = JSON.parse(script?.dataset.kept || "[]");
  for (const dataset of (script?.dataset.datasets ?? "").split(/\s+/).filter(Boolean)) {
    register(window.CMS, `plansite-yaml-${dataset}`, kept);
  }
}
