// The personal parts of the take-home page, read from the link's fragment (after "#"), which
// the browser never sends to the web server. The fragment holds only ids, like
//   #l=en&at=protect-from-sun&miss=check-sun&ask=wash-gently
// Each id is looked up in the page's own table (the JSON block "take-home-data"); unknown ids,
// bad characters and over-long fragments are ignored. Text goes in with textContent only:
// nothing from the fragment is ever written into the page as HTML.
(function () {
  "use strict";
  var ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
  var fragment = window.location.hash.slice(1);
  var box = document.getElementById("personal");
  var source = document.getElementById("take-home-data");
  if (!fragment || fragment.length > 600 || !box || !source) return;
  var data = JSON.parse(source.textContent);
  var values = {};
  fragment.split("&").forEach(function (pair) {
    var at = pair.indexOf("=");
    var key = at < 0 ? pair : pair.slice(0, at);
    if (["at", "miss", "ask"].indexOf(key) >= 0 && !(key in values)) {
      values[key] = at < 0 ? "" : pair.slice(at + 1);
    }
  });
  function known(table, id) {
    return ID.test(id) && Object.prototype.hasOwnProperty.call(table, id);
  }
  function ids(key, table) {
    var seen = [];
    (values[key] || "").split(",").forEach(function (id) {
      if (known(table, id) && seen.indexOf(id) < 0 && seen.length < 12) seen.push(id);
    });
    return seen;
  }
  function text(tag, words, className) {
    var el = document.createElement(tag);
    el.textContent = words;
    if (className) el.className = className;
    return el;
  }
  function fill(listId, entries) {
    var list = document.getElementById(listId);
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "point";
      item.appendChild(text("strong", entry[0]));
      entry.slice(1).forEach(function (line) {
        if (line) item.appendChild(text("span", line + " "));
      });
      list.appendChild(item);
    });
    if (entries.length) list.parentNode.hidden = false;
    return entries.length;
  }
  var shown = 0;
  var stopped = values.at || "";
  if (known(data.slides, stopped)) {
    var place = data.slides[stopped];
    var where = document.getElementById("stopped-where");
    where.textContent = place.section + ": " + place.title;
    where.parentNode.hidden = false;
    shown += 1;
  }
  shown += fill("missed-list", ids("miss", data.missed).map(function (id) {
    var m = data.missed[id];
    return [m.title, m.text, m.answer];
  }));
  shown += fill("asked-list", ids("ask", data.slides).map(function (id) {
    var s = data.slides[id];
    return [s.title, s.section];
  }));
  if (shown) box.hidden = false;
})();
