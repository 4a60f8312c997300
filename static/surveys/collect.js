/*
 * The survey form in the browser: questions shown only when relevant, answers checked as they
 * are typed, repeated sections, and (on the public link) answers kept on the phone until they
 * are sent.
 *
 * Field names follow the answers' shape ("age", "matrix[trust]", "children[0][child_age]",
 * "children[count]"), as alliances/surveys/forms/responses.py reads them when the form is
 * posted without JavaScript. On the public link the questionnaire goes as JSON to the submit
 * endpoint with an identifier made on the device: when the network fails it waits in
 * localStorage and is sent again later; the server stores it once whatever happens.
 */
(function () {
  "use strict";

  var form = document.getElementById("collect-form");
  if (!form) return;
  var mode = form.dataset.mode || "public";
  var schema = readJSON("collect-schema", []);
  var messages = readJSON("collect-messages", {});
  var token = form.dataset.token || "";
  var DRAFT_KEY = "alliances.survey.draft." + token;
  var QUEUE_KEY = "alliances.survey.queue." + token;
  var compiled = {};

  function readJSON(id, fallback) {
    var node = document.getElementById(id);
    if (!node) return fallback;
    try { return JSON.parse(node.textContent); } catch (e) { return fallback; }
  }

  function expression(text) {
    if (!text || !window.SurveyExpressions) return null;
    if (!(text in compiled)) {
      try { compiled[text] = window.SurveyExpressions.compile(text); } catch (e) { compiled[text] = null; }
    }
    return compiled[text];
  }

  function truthy(text, context) {
    var compiledExpression = expression(text);
    if (!compiledExpression) return true; // unknown to the browser: the server decides
    try { return compiledExpression.isTrue(context); } catch (e) { return true; }
  }

  function fieldKey(prefix, name) { return prefix ? prefix + "[" + name + "]" : name; }
  function htmlId(key) { return "q-" + key.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, ""); }
  function byKey(key) {
    var nodes = form.querySelectorAll("[data-key]");
    for (var i = 0; i < nodes.length; i++) if (nodes[i].getAttribute("data-key") === key) return nodes[i];
    return null;
  }
  function isEmpty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function names(items) {
    var out = [];
    items.forEach(function (item) {
      if (item.type === "group") out = out.concat(names(item.items || []));
      else out.push(item.name);
    });
    return out;
  }

  // --- Reading the answers -----------------------------------------------------------------

  function read(items, data, prefix) {
    var raw = {};
    items.forEach(function (item) {
      var key = fieldKey(prefix, item.name);
      if (item.type === "group") {
        Object.assign(raw, read(item.items || [], data, prefix));
      } else if (item.type === "repeat") {
        var count = parseInt(data.get(key + "[count]") || "0", 10) || 0;
        var instances = [];
        for (var i = 0; i < count; i++) instances.push(read(item.items || [], data, key + "[" + i + "]"));
        if (instances.some(function (one) { return !isEmpty(one); })) raw[item.name] = instances;
      } else if (item.type === "select_multiple") {
        var chosen = data.getAll(key).filter(Boolean);
        if (chosen.length) raw[item.name] = chosen;
      } else if (item.type === "matrix") {
        var answered = {};
        (item.statements || []).forEach(function (statement) {
          var value = data.get(key + "[" + statement + "]");
          if (value) answered[statement] = value;
        });
        if (!isEmpty(answered)) raw[item.name] = answered;
      } else if (item.type !== "note" && item.type !== "calculate") {
        var value = (data.get(key) || "").trim();
        if (value) raw[item.name] = value;
      }
    });
    return raw;
  }

  function answers() { return read(schema, new FormData(form), ""); }

  // --- Relevance, choice filters, repeat counts ---------------------------------------------

  function visit(items, raw, prefix, scopes, scopeNames, position, shown, fn) {
    items.forEach(function (item) {
      var key = fieldKey(prefix, item.name);
      var instance = scopes.length ? scopes[scopes.length - 1] : raw;
      var context = {
        answers: raw, current: instance[item.name], today: today(), scopes: scopes,
        scopeNames: scopeNames, position: position,
      };
      var relevant = shown && (!item.relevant || truthy(item.relevant, context));
      fn(item, key, relevant, context);
      if (item.type === "group") {
        visit(item.items || [], raw, prefix, scopes, scopeNames, position, relevant, fn);
      } else if (item.type === "repeat") {
        var instances = Array.isArray(instance[item.name]) ? instance[item.name] : [];
        var element = byKey(key);
        var count = element ? element.querySelectorAll(":scope > .q-instances > .q-instance").length : 0;
        for (var i = 0; i < count; i++) {
          visit(item.items || [], raw, key + "[" + i + "]", scopes.concat([instances[i] || {}]),
            names(item.items || []), i + 1, relevant, fn);
        }
      }
    });
  }

  function refresh() {
    for (var pass = 0; pass < 3; pass++) {
      var changed = false;
      var raw = answers();
      visit(schema, raw, "", [], null, null, true, function (item, key, relevant, context) {
        var element = byKey(key);
        if (!element) return;
        if (element.hidden === relevant) { element.hidden = !relevant; changed = true; }
        if (item.type !== "group" && item.type !== "repeat") {
          element.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !relevant; });
        }
        if (relevant && item.choice_filter) filterChoices(element, item, context);
        if (relevant && item.type === "repeat" && item.repeat_count) {
          var wanted = Number(expression(item.repeat_count) ? expression(item.repeat_count).evaluate(context) : NaN);
          if (wanted === wanted) { changed = setInstances(element, Math.max(0, Math.min(50, Math.floor(wanted)))) || changed; }
        }
      });
      if (!changed) break;
    }
  }

  function filterChoices(element, item, context) {
    element.querySelectorAll("[data-filter], .q-option, option").forEach(function (option) {
      var input = option.tagName === "OPTION" ? option : option.querySelector("input");
      if (!input || !input.value) return;
      var columns = {};
      try { columns = JSON.parse(option.getAttribute("data-filter") || "{}"); } catch (e) { columns = {}; }
      columns.name = input.value;
      var keep = truthy(item.choice_filter, Object.assign({}, context, { choice: columns }));
      option.hidden = !keep;
      if (!keep) { if (input.tagName === "OPTION") input.selected = false; else input.checked = false; }
    });
  }

  // --- Repeated sections ----------------------------------------------------------------------

  function instancesOf(repeat) { return repeat.querySelectorAll(":scope > .q-instances > .q-instance"); }

  function addInstance(repeat) {
    var template = repeat.querySelector(":scope > template[data-instance-template]");
    var index = instancesOf(repeat).length;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split("__index__").join(String(index));
    var instance = holder.firstElementChild;
    repeat.querySelector(":scope > .q-instances").appendChild(instance);
    renumber(repeat);
    return instance;
  }

  function setInstances(repeat, count) {
    var changed = false;
    while (instancesOf(repeat).length < count) { addInstance(repeat); changed = true; }
    while (instancesOf(repeat).length > count) {
      var all = instancesOf(repeat);
      all[all.length - 1].remove();
      changed = true;
    }
    if (changed) renumber(repeat);
    return changed;
  }

  function renumber(repeat) {
    var key = repeat.getAttribute("data-key");
    var idBase = htmlId(key);
    instancesOf(repeat).forEach(function (instance, index) {
      var old = instance.getAttribute("data-instance");
      if (old !== String(index)) {
        var fromName = key + "[" + old + "]", toName = key + "[" + index + "]";
        var fromId = idBase + "-" + old + "-", toId = idBase + "-" + index + "-";
        instance.querySelectorAll("*").forEach(function (node) {
          ["name", "data-key"].forEach(function (attr) {
            var value = node.getAttribute(attr);
            if (value && value.indexOf(fromName) === 0) node.setAttribute(attr, toName + value.slice(fromName.length));
          });
          ["id", "for", "aria-describedby", "aria-labelledby"].forEach(function (attr) {
            var value = node.getAttribute(attr);
            if (value && value.indexOf(fromId) >= 0) node.setAttribute(attr, value.split(fromId).join(toId));
          });
        });
        instance.setAttribute("data-instance", String(index));
      }
      var number = instance.querySelector("[data-instance-number]");
      if (number) number.textContent = String(index + 1);
    });
    var countInput = repeat.querySelector(":scope > [data-repeat-count-input]");
    if (countInput) countInput.value = String(instancesOf(repeat).length);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-instance], [data-remove-instance]");
    if (!button || !form.contains(button)) return;
    event.preventDefault();
    var repeat = button.closest("[data-kind=repeat]");
    if (button.hasAttribute("data-add-instance")) {
      var instance = addInstance(repeat);
      var first = instance.querySelector("input, select, textarea");
      if (first) first.focus();
    } else {
      button.closest(".q-instance").remove();
      renumber(repeat);
      var add = repeat.querySelector(":scope > p > [data-add-instance]");
      if (add) add.focus();
    }
    refresh();
    saveDraft();
  });

  // --- Checking answers ------------------------------------------------------------------------

  function showError(key, message) {
    var element = byKey(key);
    if (!element) return null;
    var holder = element.querySelector(".q-error");
    if (holder) { holder.textContent = message || ""; holder.hidden = !message; }
    element.classList.toggle("q-invalid", !!message);
    element.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    return element;
  }

  function validate(onlyKey) {
    var raw = answers();
    var firstInvalid = null;
    visit(schema, raw, "", [], null, null, true, function (item, key, relevant, context) {
      if (item.type === "group" || item.type === "repeat" || item.type === "note") return;
      if (onlyKey && key !== onlyKey) return;
      var message = "";
      if (relevant) {
        var value = context.current;
        var missing = isEmpty(value) || (item.type === "matrix" && Object.keys(value).length < (item.statements || []).length);
        if (item.required && missing) {
          message = item.required_message || messages.required || "";
        } else if (!isEmpty(value) && item.constraint && !truthy(item.constraint, context)) {
          message = item.constraint_message || messages.constraint || "";
        }
      }
      var element = showError(key, message);
      if (message && element && !firstInvalid) firstInvalid = element;
    });
    return firstInvalid;
  }

  function errorKey(errorName, items, prefix) {
    // "children.2.age" (instances counted from 1) → "children[1][age]"
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item.type === "group") {
        var inGroup = errorKey(errorName, item.items || [], prefix);
        if (inGroup) return inGroup;
      } else if (item.type === "repeat" && errorName.indexOf(item.name + ".") === 0) {
        var rest = errorName.slice(item.name.length + 1);
        var match = /^(\d+)\.(.+)$/.exec(rest);
        if (match) {
          var key = fieldKey(prefix, item.name) + "[" + (parseInt(match[1], 10) - 1) + "]";
          var found = errorKey(match[2], item.items || [], key);
          if (found) return found;
        }
      } else if (item.name === errorName) {
        return fieldKey(prefix, item.name);
      }
    }
    return null;
  }

  function showServerErrors(errors) {
    var first = null, loose = [];
    Object.keys(errors || {}).forEach(function (name) {
      var key = errorKey(name, schema, "");
      var element = key ? showError(key, errors[name]) : null;
      if (element && !first) first = element;
      if (!element) loose.push(errors[name]);
    });
    return { first: first, loose: loose };
  }

  form.addEventListener("change", function (event) {
    refresh();
    var container = event.target.closest("[data-kind=question]");
    if (container && container.classList.contains("q-invalid")) validate(container.getAttribute("data-key"));
    saveDraft();
  });
  form.addEventListener("input", function () { saveDraft(); });
  form.addEventListener("focusout", function (event) {
    var container = event.target.closest("[data-kind=question]");
    if (container && event.target.value) validate(container.getAttribute("data-key"));
  });

  refresh();

  if (mode === "paper") {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name) return;
      refresh();
      var invalid = validate();
      if (invalid) { event.preventDefault(); focusOn(invalid); }
    });
    return;
  }
  if (mode !== "public") return;

  // --- Keeping things on the phone ----------------------------------------------------------

  var memory = {};
  function load(key, fallback) {
    try {
      var value = window.localStorage.getItem(key);
      return value ? JSON.parse(value) : fallback;
    } catch (e) { return key in memory ? memory[key] : fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { memory[key] = value; }
  }
  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
    delete memory[key];
  }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var idInput = form.querySelector("input[name=submission_id]");
  var saveTimer = null;

  function saveDraft() {
    if (mode !== "public") return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "website" && name !== "submission_id" && typeof value === "string") fields.push([name, value]);
      });
      store(DRAFT_KEY, { id: idInput.value, fields: fields, saved: Date.now() });
    }, 300);
  }

  function restoreDraft() {
    var draft = load(DRAFT_KEY, null);
    if (!draft || !draft.fields) { idInput.value = newId(); return; }
    idInput.value = draft.id || newId();
    // Repeats first, outer ones before the ones they hold, so that every field exists.
    draft.fields.filter(function (pair) { return /\[count\]$/.test(pair[0]); })
      .sort(function (a, b) { return a[0].length - b[0].length; })
      .forEach(function (pair) {
        var repeat = byKey(pair[0].slice(0, -"[count]".length));
        if (repeat) setInstances(repeat, Math.min(50, parseInt(pair[1], 10) || 0));
      });
    var values = {};
    draft.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    form.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (!input.name || !(input.name in values) || input.type === "hidden") return;
      if (input.type === "radio" || input.type === "checkbox") input.checked = values[input.name].indexOf(input.value) >= 0;
      else input.value = values[input.name][0];
    });
    refresh();
  }

  function clearForm() {
    form.querySelectorAll("[data-kind=repeat]").forEach(function (repeat) {
      if (!repeat.hasAttribute("data-repeat-count")) setInstances(repeat, 1);
    });
    form.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.type === "hidden") return;
      if (input.type === "radio" || input.type === "checkbox") input.checked = false;
      else if (input.tagName === "SELECT") input.selectedIndex = 0;
      else input.value = "";
    });
    form.querySelectorAll("[data-kind=question]").forEach(function (element) { showError(element.getAttribute("data-key"), ""); });
    forget(DRAFT_KEY);
    idInput.value = newId();
    refresh();
  }

  // --- Sending, now or later ---------------------------------------------------------------

  var statusBox = document.getElementById("collect-status");
  var statusText = document.getElementById("collect-status-text");
  var problemsBox = document.getElementById("collect-problems");
  var submitButton = form.querySelector("[data-send]");
  var attempts = 0, retryTimer = null, flushing = false, lastNote = "", lastKind = "";

  function queue() { return load(QUEUE_KEY, []); }
  function saveQueue(items) { if (items.length) store(QUEUE_KEY, items); else forget(QUEUE_KEY); }

  function note(text, kind) { lastNote = text; lastKind = kind || ""; render(); }

  function render() {
    var items = queue();
    var waiting = items.filter(function (item) { return !item.problem; }).length;
    var parts = [];
    if (lastNote) parts.push(lastNote);
    if (waiting) parts.push((messages.waiting || "").replace("%(count)s", String(waiting)));
    statusText.textContent = parts.join(" ");
    statusBox.classList.toggle("is-waiting", waiting > 0);
    statusBox.classList.toggle("is-sent", !waiting && lastKind === "sent");
    problemsBox.textContent = "";
    items.forEach(function (item) {
      if (!item.problem) return;
      var box = document.createElement("div");
      box.className = "collect-problem";
      var text = document.createElement("p");
      text.textContent = (messages.problem || "") + " " + item.problem + " (" + (messages.collected || "") + " " + item.payload.collected_on + ")";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "collect-link-button";
      discard.textContent = messages.discard || "Remove";
      discard.addEventListener("click", function () {
        if (!window.confirm(messages.confirm_discard || "")) return;
        saveQueue(queue().filter(function (other) { return other.payload.submission_id !== item.payload.submission_id; }));
        render();
      });
      box.appendChild(text);
      box.appendChild(discard);
      problemsBox.appendChild(box);
    });
    statusBox.hidden = !(parts.length || problemsBox.childNodes.length);
  }

  function describe(data) {
    if (data && data.errors) return Object.keys(data.errors).map(function (k) { return data.errors[k]; }).join(" ");
    return (data && data.error) || "";
  }

  function send(payload) {
    return fetch(form.dataset.submitUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit",
      cache: "no-store",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 200 || response.status === 201) return { ok: true };
        if (response.status === 429 || response.status >= 500) {
          return { retry: true, after: parseInt(response.headers.get("Retry-After") || "0", 10) };
        }
        return { problem: true, status: response.status, data: data, message: describe(data) || String(response.status) };
      });
    }, function () { return { retry: true }; });
  }

  function scheduleRetry(after) {
    clearTimeout(retryTimer);
    var delay = Math.min(300000, 5000 * Math.pow(2, Math.min(attempts, 6)));
    if (after) delay = Math.max(delay, after * 1000);
    attempts += 1;
    retryTimer = setTimeout(flush, delay);
  }

  function flush() {
    if (flushing) return Promise.resolve();
    var pending = queue().filter(function (item) { return !item.problem; });
    if (!pending.length) { render(); return Promise.resolve(); }
    flushing = true;
    var sent = 0;
    var next = function (index) {
      if (index >= pending.length) { attempts = 0; return Promise.resolve(); }
      var item = pending[index];
      return send(item.payload).then(function (result) {
        var items = queue();
        var id = item.payload.submission_id;
        if (result.ok) {
          sent += 1;
          saveQueue(items.filter(function (other) { return other.payload.submission_id !== id; }));
          return next(index + 1);
        }
        if (result.retry) { scheduleRetry(result.after); return null; }
        items.forEach(function (other) { if (other.payload.submission_id === id) other.problem = result.message; });
        saveQueue(items);
        return next(index + 1);
      });
    };
    var done = function () {
      flushing = false;
      var waiting = queue().some(function (item) { return !item.problem; });
      // The note still says the answers wait on the phone: once they have gone, say so.
      if (sent && !waiting && lastKind === "waiting") note(messages.sent || "", "sent");
      else render();
    };
    return next(0).then(done, done);
  }

  function focusOn(element) {
    element.scrollIntoView({ block: "center" });
    var input = element.querySelector("input:not([type=hidden]), select, textarea");
    if (input) input.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh();
    var invalid = validate();
    if (invalid) { note(messages.errors || "", "error"); focusOn(invalid); return; }
    var payload = {
      submission_id: idInput.value || newId(),
      answers: answers(),
      collected_on: today(),
      language: form.dataset.language || "",
      channel: "web",
      website: (form.querySelector("input[name=website]") || {}).value || "",
    };
    var keep = function () {
      payload.channel = "offline";
      var items = queue();
      if (!items.some(function (item) { return item.payload.submission_id === payload.submission_id; })) {
        items.push({ payload: payload, queued: Date.now() });
      }
      saveQueue(items);
      clearForm();
      note(messages.queued || "", "waiting");
      statusBox.scrollIntoView({ block: "start" });
      scheduleRetry();
    };
    if (navigator.onLine === false) { keep(); return; }
    submitButton.disabled = true;
    note(messages.sending || "", "");
    send(payload).then(function (result) {
      submitButton.disabled = false;
      if (result.ok) {
        clearForm();
        note(messages.sent || "", "sent");
        statusBox.scrollIntoView({ block: "start" });
        statusText.setAttribute("tabindex", "-1");
        statusText.focus();
        flush();
      } else if (result.retry) {
        keep();
      } else if (result.status === 400 && result.data && result.data.errors) {
        var shown = showServerErrors(result.data.errors);
        note(((messages.errors || "") + " " + shown.loose.join(" ")).trim(), "error");
        if (shown.first) focusOn(shown.first); else statusBox.scrollIntoView({ block: "start" });
      } else {
        if (result.status === 409) {
          // The identifier already went with other answers: these ones are a new questionnaire.
          idInput.value = newId();
          saveDraft();
        }
        note(result.status === 409 ? messages.conflict || result.message : result.message, "error");
        statusBox.scrollIntoView({ block: "start" });
      }
    });
  });

  restoreDraft();
  render();
  flush();
  window.addEventListener("online", function () { attempts = 0; flush(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) flush(); });
  if ("serviceWorker" in navigator && form.dataset.workerUrl) {
    navigator.serviceWorker.register(form.dataset.workerUrl).catch(function () { /* offline reopening is a bonus */ });
  }
})();
