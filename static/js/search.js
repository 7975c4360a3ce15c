/* Search enhancements. Everything here is optional: without JavaScript the search forms are
   plain GET forms with their own buttons.

   1. Autocomplete: every search box (an input[data-suggest], or the q input of a
      form[role=search]) becomes a WAI-ARIA 1.2 combobox with a listbox of suggestions from
      /api/search/suggest/ in the page's language. Arrow keys move through the suggestions,
      Enter opens the chosen one, Escape closes the list (or clears the box when it is closed).
   2. On the search page (form[data-search-form]) a ticked filter or a new sort order submits
      the form at once, and the control keeps the focus after the page reloads.
*/
(function () {
  "use strict";

  if (window.searchEnhancements) return; // loaded twice (header and page): set up once
  window.searchEnhancements = true;

  var script = document.currentScript;
  var SUGGEST_URL = (script && script.getAttribute("data-suggest-url")) || "/api/search/suggest/";
  var DEBOUNCE_MS = 200;
  var MIN_CHARS = 2;
  var FOCUS_KEY = "search:focus";
  var counter = 0;

  function pageLanguage() {
    return document.documentElement.getAttribute("lang") || "en";
  }

  // The words come from Django's JavaScript catalogue (/<language>/jsi18n/, a deferred script
  // before this one: gettext, ngettext, interpolate). Without it the messages stay English.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (singular, plural, count) { return count === 1 ? singular : plural; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };
  var MESSAGES = {
    suggestions: gettext("Suggestions"),
    none: gettext("No suggestions."),
    count: function (count) {
      return interpolate(ngettext(
        "%(count)s suggestion. Use the up and down arrow keys to choose, Enter to open.",
        "%(count)s suggestions. Use the up and down arrow keys to choose, Enter to open.",
        count
      ), { count: count }, true);
    }
  };

  function Combobox(input) {
    this.input = input;
    this.form = input.form;
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.lastText = null;
    counter += 1;
    var id = (input.id || "search") + "-suggestions-" + counter;

    this.listbox = document.createElement("ul");
    this.listbox.id = id;
    this.listbox.className = "suggestions";
    this.listbox.setAttribute("role", "listbox");
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = id + "-label";
      this.listbox.setAttribute("aria-labelledby", label.id);
    } else {
      this.listbox.setAttribute("aria-label", MESSAGES.suggestions);
    }
    this.listbox.hidden = true;

    this.status = null; // the live region, added when the box is first used (see statusRegion)

    var row = input.parentNode;
    row.classList.add("has-suggestions");
    row.appendChild(this.listbox);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("focus", this.statusRegion.bind(this));
    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("blur", this.onBlur.bind(this));
    // Keep the focus in the box while an option is clicked, so the click lands.
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", this.onClick.bind(this));
  }

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var text = this.input.value.trim();
    if (text.length < MIN_CHARS) {
      this.lastText = null;
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(text); }, DEBOUNCE_MS);
  };

  Combobox.prototype.fetch = function (text) {
    var self = this;
    if (text === this.lastText) {
      if (this.items.length) this.open();
      return;
    }
    this.lastText = text;
    if (this.request) this.request.abort();
    var controller = window.AbortController ? new AbortController() : null;
    this.request = controller;
    var url = SUGGEST_URL + "?q=" + encodeURIComponent(text) + "&lang=" + encodeURIComponent(pageLanguage());
    window.fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (self.input.value.trim() !== text) return; // the visitor typed on meanwhile
        self.render(data.suggestions || []);
      })
      .catch(function () { /* aborted or offline: the box stays a plain input */ });
  };

  Combobox.prototype.render = function (suggestions) {
    var self = this;
    this.listbox.textContent = "";
    this.items = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    suggestions.forEach(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = self.listbox.id + "-" + index;
      option.className = "suggestion";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", suggestion.url);
      option.textContent = suggestion.title; // text, never markup
      self.listbox.appendChild(option);
      self.items.push(option);
    });
    if (this.items.length) {
      this.open();
      this.announce(MESSAGES.count(this.items.length));
    } else {
      this.close();
      this.announce(MESSAGES.none);
    }
  };

  // A polite live region for "N suggestions". It is added on first focus, not on page load:
  // present before it speaks (so screen readers announce it), absent on pages nobody searches.
  Combobox.prototype.statusRegion = function () {
    if (!this.status) {
      this.status = document.createElement("p");
      this.status.className = "visually-hidden";
      this.status.setAttribute("role", "status");
      this.status.setAttribute("aria-live", "polite");
      this.input.parentNode.appendChild(this.status);
    }
    return this.status;
  };

  Combobox.prototype.announce = function (message) {
    var status = this.statusRegion();
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  };

  Combobox.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.select(-1);
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.select = function (index) {
    if (this.active >= 0 && this.items[this.active]) {
      this.items[this.active].setAttribute("aria-selected", "false");
      this.items[this.active].classList.remove("is-active");
    }
    this.active = index;
    if (index < 0 || !this.items[index]) {
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    var option = this.items[index];
    option.setAttribute("aria-selected", "true");
    option.classList.add("is-active");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.move = function (step) {
    if (!this.items.length) return;
    if (!this.isOpen()) this.open();
    var next = this.active + step;
    if (next >= this.items.length) next = 0;
    if (next < 0) next = this.items.length - 1;
    this.select(next);
  };

  Combobox.prototype.go = function (option) {
    var url = option && option.getAttribute("data-url");
    if (!url) return;
    this.close();
    window.location.assign(url);
  };

  Combobox.prototype.onKeydown = function (event) {
    if (event.isComposing || event.keyCode === 229) return; // Chinese, Japanese… input in progress
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (!this.items.length) return;
        event.preventDefault();
        if (event.altKey) { this.open(); return; }
        this.move(1);
        break;
      case "ArrowUp":
      case "Up":
        if (!this.items.length) return;
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.go(this.items[this.active]);
        } else {
          this.close(); // a plain submit of the typed words
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.lastText = null;
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onBlur = function () {
    var self = this;
    window.setTimeout(function () {
      if (document.activeElement !== self.input) self.close();
    }, 150);
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    if (option) this.go(option);
  };

  function enhanceSearchBoxes() {
    var inputs = document.querySelectorAll('input[data-suggest], form[role="search"] input[name="q"]');
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.hasAttribute("data-suggest-ready") || !input.parentNode) return;
      input.setAttribute("data-suggest-ready", "");
      new Combobox(input); // eslint-disable-line no-new
    });
  }

  function autoSubmitFilters() {
    var form = document.querySelector("form[data-search-form]");
    if (!form) return;
    Array.prototype.forEach.call(form.querySelectorAll("[data-js-hidden]"), function (element) {
      element.hidden = true; // buttons only needed without JavaScript
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-js-shown]"), function (element) {
      element.hidden = false; // says that a choice submits at once (WCAG 3.2.2)
    });
    form.addEventListener("change", function (event) {
      var control = event.target;
      if (!control.hasAttribute || !control.hasAttribute("data-auto-submit")) return;
      try {
        if (control.id) window.sessionStorage.setItem(FOCUS_KEY, control.id);
      } catch (error) { /* storage may be disabled */ }
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
    // After the reload, give the focus back to the control that caused it.
    try {
      var id = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
      var control = id && document.getElementById(id);
      if (control) {
        for (var node = control.parentNode; node && node !== form; node = node.parentNode) {
          if (node.tagName === "DETAILS") node.open = true; // folded filters, "Show all"
        }
        control.focus();
      }
    } catch (error) { /* storage may be disabled */ }
  }

  function init() {
    enhanceSearchBoxes();
    autoSubmitFilters();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
