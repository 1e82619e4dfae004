/* Search costs nothing until a reader starts to search, on both engines (Material for MkDocs
   and Zensical). Loaded before the theme's bundle (overrides/main.html), it holds back:
   - the request for the search index (Material: search/search_index.json, Zensical:
     search.json), which both bundles make as the page opens, and
   - Material's search worker (its script), which its bundle starts as the page opens;
   until the reader focuses or clicks the search box, opens search, or the address asks for
   a search (?q=) or highlighting (?h=). Then both go ahead as the theme asked.

   It also reads plain questions before either engine's worker sees them (query below): the
   question's own words go, and "who chairs X", "what is X" and "when is X due" ask for the
   word the generator put on the page that answers (outputs/search_index.py). On Material it
   puts the results that hold every word of the query before those that hold only some: lunr
   answers any word, and its worker marks, for each result, which of the query's words it
   holds. Zensical's worker wants every word already; when the answering word finds nothing
   there, the question is asked again without it.

   Only requests to those two addresses are touched; nothing else on the page changes. */
(function () {
  "use strict";
  var settings = document.getElementById("__config");
  if (!settings || typeof XMLHttpRequest === "undefined") return;
  var config = JSON.parse(settings.textContent);
  var base = new URL(config.base || ".", location.href);
  var indexes = [new URL("search/search_index.json", base).href, new URL("search.json", base).href];
  var worker = config.search ? new URL(config.search, location.href).href : null;

  var started = false;
  var waiting = [];
  function start() {
    if (started) return;
    started = true;
    var run = waiting;
    waiting = [];
    run.forEach(function (go) { go(); });
  }
  function whenStarted(go) {
    if (started) go(); else waiting.push(go);
  }
  function address(url) {
    try { return new URL(String(url), location.href).href.split("#")[0]; } catch (e) { return ""; }
  }

  // The index request: opened as usual, sent once the reader starts to search.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url) {
    if (indexes.indexOf(address(url)) !== -1) held.add(this); else held.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!held.has(request)) return send.apply(request, args);
    whenStarted(function () { send.apply(request, args); });
  };

  // lunr's stop words (lunr 2.3.9, which Material's index leaves out): they find nothing
  // there but, as Material adds * to every word, "is" would find "issues"; Zensical keeps
  // them and wants every word, so "who" would have to be on the page.
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because been but " +
    "by can cannot could dear did do does either else ever every for from get got had has have he her hers him " +
    "his how however i if in into is it its just least let like likely may me might most must my neither no nor " +
    "not of off often on only or other our own rather said say says she should since so some than that the " +
    "their them then there these they this tis to too twas us wants was we were what when where which while who " +
    "whom why will with would yet you your").split(" "));
  // [a plain question, the word search_index.py puts in the title of the section that answers it]
  var QUESTIONS = [
    [/^what(?:'s|\s+is|\s+are|\s+does|\s+do)\s+(.+?)(?:\s+(?:mean|stand\s+for))?$/i, "meaning"],
    [/^who\s+chairs?\s+(.+)$/i, "chairs"],
    [/^when\s+(?:is|are|was|were|will)\s+(.+?)\s+due$/i, "due"],
  ];
  // The query as the engine should see it, and the same without the answering word.
  function query(typed) {
    var text = String(typed).replace(/[?!.]+(\s|$)/g, " ").trim();
    var marker = null;
    for (var i = 0; i < QUESTIONS.length && !marker; i++) {
      var asked = QUESTIONS[i][0].exec(text);
      if (asked) { text = asked[1]; marker = QUESTIONS[i][1]; }
    }
    var words = text.split(/\s+/);
    // the last word may still be being typed ("wh" of "whole"): it stays
    var kept = words.filter(function (word, n) {
      return !STOP.has(word.toLowerCase()) || (n === words.length - 1 && !/\s$/.test(typed));
    });
    if (!kept.length) return { primary: typed, fallback: null };
    var plain = kept.join(" ");
    return marker ? { primary: marker + " " + plain, fallback: plain } : { primary: plain, fallback: null };
  }

  // Material's results, all words first: each result group is a page's list of sections,
  // each with terms {word: found?}; a page whose best section holds every word goes first.
  function allWordsFirst(message) {
    var items = message && message.type === 3 && message.data && message.data.items;
    if (!Array.isArray(items) || !items.every(Array.isArray)) return message;
    function holdsAll(group) {
      return group.some(function (item) {
        var found = Object.keys(item.terms || {}).map(function (word) { return item.terms[word]; });
        return found.length > 0 && found.every(Boolean);
      });
    }
    var all = items.filter(holdsAll);
    var some = items.filter(function (group) { return !holdsAll(group); });
    var data = Object.assign({}, message.data, { items: all.concat(some) });
    return Object.assign({}, message, { data: data });
  }

  // The search worker: a stand-in that keeps what the page sends it until the real worker
  // starts, then passes messages both ways.
  var RealWorker = window.Worker;
  function HeldWorker(url, options) {
    if (!RealWorker || address(url) !== worker) return new RealWorker(url, options);
    var stand = new EventTarget();
    var queue = [];
    var real = null;
    var ended = false;
    stand.onmessage = stand.onerror = stand.onmessageerror = null;
    // Each query sent to the worker, in order, with what to ask if it finds nothing.
    var asked = [];
    function post(message, transfer) {
      if (message && message.type === 2) {
        // Material's query is its text, Zensical's an object holding it as input
        var material = typeof message.data === "string";
        var typed = material ? message.data : message.data && message.data.input;
        if (typeof typed === "string") {
          var q = query(typed);
          var as = function (text) {
            return Object.assign({}, message, { data: material ? text : Object.assign({}, message.data, { input: text }) });
          };
          message = as(q.primary);
          asked.push(q.fallback === null || material ? null : as(q.fallback));
        }
      }
      real.postMessage(message, transfer);
    }
    // Zensical: a question whose answering word finds nothing is asked again without it,
    // unless a newer query is already on its way.
    function answered(message) {
      if (!message || message.type !== 3) return message;
      var again = asked.shift();
      var items = message.data && message.data.items;
      if (again && Array.isArray(items) && !items.length && !asked.length) {
        post(again);
        asked[asked.length - 1] = null;
        return null;
      }
      return allWordsFirst(message);
    }
    stand.postMessage = function (message, transfer) {
      if (real) post(message, transfer); else queue.push([message, transfer]);
    };
    stand.terminate = function () {
      ended = true;
      if (real) real.terminate();
    };
    whenStarted(function () {
      if (ended) return;
      real = new RealWorker(url, options);
      ["message", "messageerror", "error"].forEach(function (type) {
        real.addEventListener(type, function (event) {
          var data = type === "message" ? answered(event.data) : event.data;
          if (data === null) return;
          var copy = type === "error"
            ? new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno })
            : new MessageEvent(type, { data: data });
          stand.dispatchEvent(copy);
          if (typeof stand["on" + type] === "function") stand["on" + type](copy);
        });
      });
      queue.forEach(function (sent) { post(sent[0], sent[1]); });
      queue = [];
    });
    return stand;
  }
  if (RealWorker && worker) window.Worker = HeldWorker;

  // What counts as starting to search.
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) {
    start();
    return;
  }
  function inSearch(target) {
    return target instanceof Element && !!target.closest(
      "[data-md-component=search], [for=__search], .md-search__input, .md-search__button");
  }
  ["focusin", "pointerdown", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) { if (inSearch(event.target)) start(); }, true);
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.id === "__search" && event.target.checked) start();
  }, true);
})();
