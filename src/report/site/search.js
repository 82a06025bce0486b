// The site's search: filters the static index (search-index.js, loaded before this script) as
// the reader types. No framework, no request: everything it reads is in the site's folder.
(function () {
  "use strict";
  var data = window.ACCSM_SEARCH || [];
  var input = document.getElementById("q-top");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) {
    return;
  }
  var LIMIT = 200;
  // Case and accents aside: "viet nam" finds "Việt Nam".
  function norm(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var hay = data.map(function (e) {
    return norm([e[0], e[1], e[2], e[3]].join(" "));
  });
  function run() {
    var words = norm(input.value).split(/\s+/).filter(Boolean);
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (words.length === 0) {
      status.textContent = "Type a word of a title, an id, a coordinator or a partner.";
      return;
    }
    var found = 0;
    for (var i = 0; i < data.length; i++) {
      var h = hay[i];
      var all = true;
      for (var j = 0; j < words.length; j++) {
        if (h.indexOf(words[j]) < 0) {
          all = false;
          break;
        }
      }
      if (!all) {
        continue;
      }
      found++;
      if (found > LIMIT) {
        continue;
      }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data[i][4];
      link.textContent = data[i][1] + " " + data[i][2];
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + data[i][0] + ")"));
      if (data[i][3]) {
        var more = document.createElement("span");
        more.className = "who";
        more.textContent = " " + data[i][3];
        item.appendChild(more);
      }
      list.appendChild(item);
    }
    status.textContent =
      found === 0
        ? "Nothing found."
        : found + (found === 1 ? " page found" : " pages found") +
          (found > LIMIT ? "; the first " + LIMIT + " are listed." : ".");
  }
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
  }
  input.addEventListener("input", run);
  if (input.form) {
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
  }
  run();
})();
