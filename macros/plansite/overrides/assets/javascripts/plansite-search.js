/* Search costs nothing until a reader starts to search, on both engines (Material for MkDocs
   and Zensical). Loaded before the theme's bundle (overrides/main.html), it holds back:
   - the request for the search index (Material: search/search_index.json, Zensical:
     search.json), which both bundles make as the page opens, and
   - Material's search worker (its script), which its bundle starts as the page opens;
   until the reader focuses or clicks the search box, opens search, or the address asks for
   a search (?q=) or highlighting (?h=). Then both go ahead as the theme asked.

   On Material it also puts the results that hold every word of the query before those that
   hold only some: lunr answers any word, and its worker marks, for each result, which of the
   query's words it holds (stop words left out).

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
    stand.postMessage = function (message, transfer) {
      if (real) real.postMessage(message, transfer); else queue.push([message, transfer]);
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
          var copy = type === "error"
            ? new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno })
            : new MessageEvent(type, { data: type === "message" ? allWordsFirst(event.data) : event.data });
          stand.dispatchEvent(copy);
          if (typeof stand["on" + type] === "function") stand["on" + type](copy);
        });
      });
      queue.forEach(function (sent) { real.postMessage(sent[0], sent[1]); });
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
