// The ncts web page: the language switch, search with the library's rules, and
// the overlay filter. The page is whole without this script; the script only
// hides and shows what is there. It reads its data from #ncts-data and fetches
// nothing (the page's Content-Security-Policy would not let it).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ncts-data").textContent);
  var root = document.documentElement;
  var rules = data.rules;

  // The language switch.
  var buttons = document.querySelectorAll("button[data-lang]");
  function setLang(lang) {
    root.setAttribute("lang", lang);
    root.setAttribute("data-lang", lang);
    document.title = data.title[lang];
    document.querySelectorAll("option[data-nl]").forEach(function (option) {
      option.textContent = option.getAttribute("data-" + lang);
    });
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute("data-lang") === lang;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
    update();
  }

  // Normalising a query as ncts._search._normal does: drop hyphens and
  // apostrophes, fold case, split off accents and drop combining marks, and
  // turn everything that is not a letter or digit into a space.
  function escapeClass(text) {
    return text.replace(/[\\\]\[\-^]/g, "\\$&");
  }
  function charClass(ranges) {
    return ranges
      .map(function (r) {
        var a = "\\u{" + r[0].toString(16) + "}";
        return r[0] === r[1] ? a : a + "-\\u{" + r[1].toString(16) + "}";
      })
      .join("");
  }
  var dropped = new RegExp("[" + escapeClass(rules.drop) + "]", "gu");
  var combining = new RegExp("[" + charClass(rules.combining) + "]", "gu");
  // Letters and digits as Python's Unicode database has them, not the
  // browser's (which may be newer): what the library does not know is a space.
  var unknown = new RegExp("[^" + charClass(rules.assigned) + "]", "gu");
  var notWord = new RegExp("[^" + charClass(rules.word) + "]", "gu");
  function casefold(text) {
    var out = "";
    for (var ch of text) {
      var fold = rules.folds[ch];
      out += fold === undefined ? ch.toLowerCase() : fold;
    }
    return out;
  }
  function normal(text) {
    var folded = casefold(text.replace(dropped, "").replace(unknown, " "));
    folded = folded.normalize("NFKD").replace(combining, "");
    return folded.replace(notWord, " ");
  }
  function stem(word) {
    var chars = Array.from(word);
    for (var i = 0; i < rules.suffixes.length; i++) {
      var suffix = Array.from(rules.suffixes[i]);
      if (chars.length - suffix.length >= 4 && word.endsWith(rules.suffixes[i])) {
        return chars.slice(0, chars.length - suffix.length).join("");
      }
    }
    return word;
  }
  function queryWords(query) {
    var seen = {};
    var words = [];
    normal(query).split(" ").forEach(function (word) {
      if (word && !Object.prototype.hasOwnProperty.call(seen, word)) {
        seen[word] = true;
        words.push([word, stem(word)]);
      }
    });
    return words;
  }
  // An element matches when one of its fields has, for every word of the query,
  // a word that starts with it or a stem that starts with its stem.
  function fieldMatches(field, words) {
    var tokens = field[0].split(" ");
    var stems = field[1].split(" ");
    return words.every(function (w) {
      for (var i = 0; i < tokens.length; i++) {
        if (tokens[i].startsWith(w[0]) || stems[i].startsWith(w[1])) {
          return true;
        }
      }
      return false;
    });
  }
  function matches(id, words) {
    var fields = data.fields[id] || [];
    return fields.some(function (field) {
      return field[0] !== "" && fieldMatches(field, words);
    });
  }
  window.nctsSearch = { normal: normal, stem: stem, queryWords: queryWords };

  // Search and filter together: an element shows when it matches the search and,
  // while a filter is set, holds a record that passes it.
  var input = document.getElementById("q");
  var statusFilter = document.getElementById("f-status");
  var ownerFilter = document.getElementById("f-owner");
  var statusLine = document.getElementById("q-status");
  var elements = document.querySelectorAll("[data-id]");
  var records = document.querySelectorAll(".rec");

  function say(nl, en) {
    statusLine.textContent = "";
    [["nl", nl], ["en", en]].forEach(function (pair) {
      var span = document.createElement("span");
      span.className = pair[0];
      span.lang = pair[0];
      span.textContent = pair[1];
      statusLine.appendChild(span);
    });
  }

  function update() {
    var query = input.value;
    var words = query.length > data.maxLength ? null : queryWords(query);
    if (words && words.length > data.maxWords) {
      words = null;
    }
    var status = statusFilter ? statusFilter.value : "";
    var owner = ownerFilter ? ownerFilter.value : "";
    var filtering = status !== "" || owner !== "";
    for (var r = 0; r < records.length; r++) {
      var rec = records[r];
      var pass =
        (status === "" || rec.getAttribute("data-status") === status) &&
        (owner === "" || rec.getAttribute("data-owner") === owner);
      rec.hidden = !pass;
    }
    var shown = 0;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      var id = el.getAttribute("data-id");
      var found = words === null ? false : words.length === 0 || matches(id, words);
      if (filtering) {
        found = found && el.querySelector(":scope > .records .rec:not([hidden])") !== null;
      }
      el.setAttribute("data-match", found ? "1" : "0");
    }
    // An area stays in view while one of its speerpunten does.
    for (var j = elements.length - 1; j >= 0; j--) {
      var element = elements[j];
      var inside = element.querySelector("[data-id][data-match='1']") !== null;
      element.hidden = element.getAttribute("data-match") !== "1" && !inside;
      if (element.getAttribute("data-match") === "1") {
        shown += 1;
      }
    }
    document.querySelectorAll("section.part").forEach(function (section) {
      var items = section.querySelectorAll("[data-id]");
      if (items.length) {
        var any = false;
        items.forEach(function (item) {
          any = any || !item.hidden;
        });
        section.hidden = !any;
      }
    });
    if (words === null) {
      say("De zoekvraag is te lang.", "The query is too long.");
    } else if (words.length === 0 && !filtering) {
      statusLine.textContent = "";
    } else if (shown === 0) {
      say("Niets gevonden.", "Nothing found.");
    } else {
      say(shown + " gevonden.", shown + " found.");
    }
  }

  // A permanent link (#VK6) always shows its element, whatever is searched.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target) {
      return;
    }
    var hidden = false;
    for (var node = target; node; node = node.parentElement) {
      hidden = hidden || node.hidden;
    }
    if (hidden) {
      input.value = "";
      if (statusFilter) statusFilter.value = "";
      if (ownerFilter) ownerFilter.value = "";
      update();
    }
    target.scrollIntoView({ block: "start" });
  }

  input.addEventListener("input", update);
  if (statusFilter) statusFilter.addEventListener("change", update);
  if (ownerFilter) ownerFilter.addEventListener("change", update);
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener("click", function (event) {
      setLang(event.currentTarget.getAttribute("data-lang"));
    });
  }
  window.addEventListener("hashchange", reveal);
  setLang(root.getAttribute("data-lang") === "en" ? "en" : "nl");
  reveal();
})();
