/*
 * The survey expression language (XLSForm's XPath subset) for the browser: relevance,
 * constraints, calculations, choice filters and repeat counts evaluated while a person answers.
 * It mirrors alliances/surveys/expressions/, the server's reference; both pass the cases of
 * alliances/surveys/tests/expression_cases.json. No eval(): a tokenizer and a recursive-descent
 * parser build closures.
 *
 * window.SurveyExpressions.compile(text) → {evaluate(context), isTrue(context), references,
 * columns}; throws an ExpressionError. context: {answers, current, today ("YYYY-MM-DD"),
 * now, scopes (repeat instances, outermost first), scopeNames, position, choice, choiceLabel}.
 */
(function () {
  "use strict";

  var MAX_LENGTH = 4000;
  var MAX_DEPTH = 40;
  var MAX_REGEX_LENGTH = 300;
  var MAX_REGEX_INPUT = 10000;
  var NAME = "[A-Za-z_][A-Za-z0-9_.\\-]*";
  var NAME_RE = new RegExp("^" + NAME);
  var QNAME_RE = new RegExp("^" + NAME + "(?::" + NAME + ")?");
  var NUMBER_RE = /^(?:\d+(?:\.\d*)?|\.\d+)/;
  var XPATH_NUMBER_RE = /^[ \t\r\n]*-?(?:\d+(?:\.\d*)?|\.\d+)[ \t\r\n]*$/;
  var SPACE = " \t\r\n\u00a0";
  var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}:?\d{2})?)?$/;
  var TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/;
  var OPERATOR_WORDS = { and: true, or: true, div: true, mod: true };
  var QUANT = "(?:[+*?]|\\{\\d*(?:,\\d*)?\\})\\??";
  var GROUP_RE = new RegExp("\\((?:\\?:)?((?:\\\\.|\\[(?:\\\\.|[^\\]\\\\])*\\]|[^()\\\\\\[])*)\\)(" + QUANT + ")?");
  var ATOM_RE = new RegExp("(\\\\.|\\[(?:\\\\.|[^\\]\\\\])*\\]|[^|^$])(" + QUANT + ")?", "g");
  var UNBOUNDED_RE = /^(?:[+*]|\{\d*,\})/;

  function ExpressionError(message) {
    this.name = "ExpressionError";
    this.message = message;
  }
  ExpressionError.prototype = Object.create(Error.prototype);
  ExpressionError.prototype.constructor = ExpressionError;

  function NodeSet(items) {
    this.items = items;
  }

  // --- conversions (XPath 1.0 section 4) ---------------------------------------------------

  function expandExponent(text) {
    var match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
    if (!match) return text;
    var digits = match[2] + (match[3] || "");
    var point = 1 + parseInt(match[4], 10);
    var body;
    if (point <= 0) body = "0." + new Array(1 - point).join("0") + digits;
    else if (point >= digits.length) body = digits + new Array(point - digits.length + 1).join("0");
    else body = digits.slice(0, point) + "." + digits.slice(point);
    return match[1] + body;
  }

  function numberToString(n) {
    if (n !== n) return "NaN";
    if (n === Infinity) return "Infinity";
    if (n === -Infinity) return "-Infinity";
    if (Math.floor(n) === n && Math.abs(n) < 1e21) return String(n === 0 ? 0 : n);
    return expandExponent(String(n));
  }

  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function dateNumber(text) {
    var m = DATE_RE.exec(text);
    var hours, minutes, seconds;
    if (m) {
      var year = +m[1], month = +m[2], day = +m[3];
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || year < 1) {
        return NaN;
      }
      var moment = new Date(0);
      moment.setUTCFullYear(year, month - 1, day);
      var days = moment.getTime() / 86400000;
      if (m[4] === undefined) return days;
      hours = +m[4];
      minutes = +m[5];
      seconds = m[6] ? parseFloat(m[6]) : 0;
      if (hours > 23 || minutes > 59 || seconds >= 60) return NaN;
      var offset = 0;
      var zone = m[7];
      if (zone && zone !== "Z") {
        zone = zone.replace(":", "");
        offset = (+zone.slice(1, 3) * 60 + +zone.slice(3, 5)) * (zone[0] === "-" ? -1 : 1);
      }
      return days + (hours * 3600 + minutes * 60 + seconds - offset * 60) / 86400;
    }
    m = TIME_RE.exec(text);
    if (m) {
      hours = +m[1];
      minutes = +m[2];
      seconds = m[3] ? parseFloat(m[3]) : 0;
      if (hours > 23 || minutes > 59 || seconds >= 60) return NaN;
      return (hours * 3600 + minutes * 60 + seconds) / 86400;
    }
    return NaN;
  }

  function stringToNumber(text) {
    if (XPATH_NUMBER_RE.test(text)) return parseFloat(text);
    var start = 0, end = text.length;
    while (start < end && SPACE.indexOf(text[start]) >= 0) start++;
    while (end > start && SPACE.indexOf(text[end - 1]) >= 0) end--;
    return dateNumber(text.slice(start, end));
  }

  function toStr(value) {
    if (typeof value === "string") return value;
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return numberToString(value);
    if (value instanceof NodeSet) return value.items.length ? value.items[0] : "";
    return String(value);
  }

  function toNumber(value) {
    if (typeof value === "number") return value;
    if (typeof value === "boolean") return value ? 1 : 0;
    return stringToNumber(toStr(value));
  }

  function toBoolean(value) {
    if (typeof value === "boolean") return value;
    if (typeof value === "number") return value === value && value !== 0;
    if (value instanceof NodeSet) return value.items.length > 0;
    return value.length > 0;
  }

  function isInstanceList(value) {
    if (!Array.isArray(value) || !value.length) return false;
    for (var i = 0; i < value.length; i++) {
      if (!value[i] || typeof value[i] !== "object" || Array.isArray(value[i])) return false;
    }
    return true;
  }

  function answerValue(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return value;
    if (typeof value === "string") return value;
    if (Array.isArray(value)) {
      if (isInstanceList(value)) return new NodeSet(value.map(function () { return ""; }));
      return value.map(function (v) { return toStr(answerValue(v)); }).join(" ");
    }
    return "";
  }

  function has(object, name) {
    return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, name);
  }

  function collect(answers, name, found) {
    Object.keys(answers).forEach(function (key) {
      var value = answers[key];
      if (!Array.isArray(value)) return;
      value.forEach(function (instance) {
        if (instance && typeof instance === "object" && !Array.isArray(instance)) {
          if (has(instance, name)) found.push(toStr(answerValue(instance[name])));
          collect(instance, name, found);
        }
      });
    });
  }

  function inNames(names, name) {
    if (!names) return false;
    if (Array.isArray(names)) return names.indexOf(name) >= 0;
    if (typeof names.has === "function") return names.has(name);
    return has(names, name);
  }

  function lookup(c, name) {
    var scopes = c.scopes || [];
    for (var i = scopes.length - 1; i >= 0; i--) {
      if (has(scopes[i], name)) return answerValue(scopes[i][name]);
    }
    if (inNames(c.scopeNames, name)) return "";
    var answers = c.answers || {};
    if (has(answers, name)) return answerValue(answers[name]);
    var found = [];
    collect(answers, name, found);
    return found.length ? new NodeSet(found) : "";
  }

  // --- comparisons and arithmetic ----------------------------------------------------------

  function compareAtoms(op, a, b) {
    if (op === "=" || op === "!=") {
      var equal;
      if (typeof a === "boolean" || typeof b === "boolean") equal = toBoolean(a) === toBoolean(b);
      else if (typeof a === "number" || typeof b === "number") equal = toNumber(a) === toNumber(b);
      else equal = toStr(a) === toStr(b);
      return op === "=" ? equal : !equal;
    }
    var x = toNumber(a), y = toNumber(b);
    if (op === "<") return x < y;
    if (op === "<=") return x <= y;
    if (op === ">") return x > y;
    return x >= y;
  }

  function compare(op, a, b) {
    var aSet = a instanceof NodeSet, bSet = b instanceof NodeSet;
    if (aSet && bSet) {
      return a.items.some(function (x) {
        return b.items.some(function (y) { return compareAtoms(op, x, y); });
      });
    }
    if (aSet || bSet) {
      if (typeof a === "boolean" || typeof b === "boolean") {
        return compareAtoms(op, toBoolean(a), toBoolean(b));
      }
      if (aSet) return a.items.some(function (x) { return compareAtoms(op, x, b); });
      return b.items.some(function (y) { return compareAtoms(op, a, y); });
    }
    return compareAtoms(op, a, b);
  }

  var ARITHMETIC = {
    "+": function (a, b) { return a + b; },
    "-": function (a, b) { return a - b; },
    "*": function (a, b) { return a * b; },
    div: function (a, b) { return a / b; },
    mod: function (a, b) { return a % b; }
  };

  // --- tokenizer ---------------------------------------------------------------------------

  function isSpace(ch) { return SPACE.indexOf(ch) >= 0; }
  function isDigit(ch) { return ch >= "0" && ch <= "9"; }
  function isAlpha(ch) { return /[A-Za-z_]/.test(ch); }

  function matchAt(re, text, i) {
    var m = re.exec(text.slice(i));
    return m ? m[0] : null;
  }

  function readPath(text, i) {
    var last = null;
    for (;;) {
      if (text.startsWith("..", i)) {
        last = null;
        i += 2;
      } else if (text[i] === "." && !matchAt(NAME_RE, text, i + 1)) {
        last = null;
        i += 1;
      } else {
        var name = matchAt(NAME_RE, text, i);
        if (!name) return [last, -1];
        last = name;
        i += name.length;
      }
      if (text[i] === "/") {
        i += 1;
        continue;
      }
      return [last, i];
    }
  }

  function tokenize(text) {
    var tokens = [];
    var i = 0, n = text.length;
    while (i < n) {
      var ch = text[i];
      var start = i + 1;
      var end;
      if (isSpace(ch)) {
        i += 1;
      } else if (text.startsWith("${", i)) {
        end = text.indexOf("}", i);
        if (end < 0) throw new ExpressionError("Unclosed reference '${' at position " + start);
        var ref = text.slice(i + 2, end).trim();
        var refMatch = matchAt(NAME_RE, ref, 0);
        if (!refMatch || refMatch.length !== ref.length) {
          throw new ExpressionError("Invalid reference '${" + ref + "}' at position " + start);
        }
        tokens.push({ kind: "ref", value: ref, position: start });
        i = end + 1;
      } else if (ch === "'" || ch === '"') {
        end = text.indexOf(ch, i + 1);
        if (end < 0) throw new ExpressionError("Unclosed string at position " + start);
        tokens.push({ kind: "string", value: text.slice(i + 1, end), position: start });
        i = end + 1;
      } else if (isDigit(ch) || (ch === "." && i + 1 < n && isDigit(text[i + 1]))) {
        var number = matchAt(NUMBER_RE, text, i);
        tokens.push({ kind: "number", value: parseFloat(number), position: start });
        i += number.length;
      } else if (ch === "/" || text.startsWith("../", i) || text.startsWith("./", i)) {
        var from = ch === "/" ? i + 1 : i;
        var path = readPath(text, from);
        if (path[1] < 0) throw new ExpressionError("Incomplete path at position " + start);
        tokens.push({ kind: path[0] ? "path" : "dotdot", value: path[0], position: start });
        i = path[1];
      } else if (text.startsWith("..", i)) {
        tokens.push({ kind: "dotdot", value: null, position: start });
        i += 2;
      } else if (ch === ".") {
        tokens.push({ kind: "dot", value: null, position: start });
        i += 1;
      } else if (isAlpha(ch)) {
        var qname = matchAt(QNAME_RE, text, i);
        if (!qname) throw new ExpressionError("Unexpected character '" + ch + "' at position " + start);
        tokens.push({ kind: "name", value: qname, position: start });
        i += qname.length;
      } else if (text.startsWith("!=", i) || text.startsWith("<=", i) || text.startsWith(">=", i)) {
        tokens.push({ kind: "op", value: text.slice(i, i + 2), position: start });
        i += 2;
      } else if ("=<>+-*(),".indexOf(ch) >= 0) {
        tokens.push({ kind: "op", value: ch, position: start });
        i += 1;
      } else {
        throw new ExpressionError("Unexpected character '" + ch + "' at position " + start);
      }
    }
    tokens.push({ kind: "end", value: null, position: n + 1 });
    return tokens;
  }

  // --- regular expressions -----------------------------------------------------------------

  var regexCache = {};

  // A repeated group holding only variable-length parts, as (a+)+: see risky_pattern in Python.
  function riskyPattern(pattern) {
    for (;;) {
      var m = GROUP_RE.exec(pattern);
      if (!m) return false;
      var content = m[1], quantifier = m[2] || "";
      if (UNBOUNDED_RE.test(quantifier)) {
        var variable = false, fixed = false, atom;
        ATOM_RE.lastIndex = 0;
        while ((atom = ATOM_RE.exec(content)) !== null) {
          var q = atom[2] || "";
          if (UNBOUNDED_RE.test(q)) variable = true;
          if (q === "" || /^\{\d+\}$/.test(q)) fixed = true;
        }
        if (variable && !fixed) return true;
      }
      pattern = pattern.slice(0, m.index) + "X" + quantifier + pattern.slice(m.index + m[0].length);
    }
  }

  function checkRegex(pattern) {
    if (pattern.length > MAX_REGEX_LENGTH) {
      throw new ExpressionError("The pattern is too long (at most " + MAX_REGEX_LENGTH + " characters)");
    }
    if (riskyPattern(pattern) || pattern.indexOf("\\1") >= 0) {
      throw new ExpressionError(
        "The pattern repeats a repeated part, such as (a+)+: it could take too long to check"
      );
    }
    if (!has(regexCache, pattern)) {
      try {
        regexCache[pattern] = new RegExp(pattern);
      } catch (error) {
        throw new ExpressionError("Invalid pattern '" + pattern + "': " + error.message);
      }
    }
    return regexCache[pattern];
  }

  // --- functions ---------------------------------------------------------------------------

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today(c) {
    if (typeof c.today === "string") return c.today;
    var d = c.today instanceof Date ? c.today : new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function now(c) {
    if (typeof c.now === "string") return c.now;
    var d = c.now instanceof Date ? c.now : new Date();
    return today({ today: d }) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  // Half away from zero on the decimal written form (as ODK does), so 2.675 → 2.68.
  function roundNumber(x, digits) {
    if (digits === undefined) digits = 0;
    if (digits !== digits) return NaN;
    if (x !== x || !isFinite(x)) return x;
    var places = Math.trunc(Math.max(-400, Math.min(400, digits)));
    var text = numberToString(Math.abs(x));
    var parts = text.split(".");
    var all = parts[0] + (parts[1] || "");
    var point = parts[0].length;
    var keep = point + places;
    if (keep >= all.length) return x;
    if (keep < 0) return 0 * Math.sign(x);
    var kept = all.slice(0, keep).split("").map(Number);
    if (+all[keep] >= 5) {
      var i = kept.length - 1;
      while (i >= 0 && kept[i] === 9) kept[i--] = 0;
      if (i >= 0) kept[i] += 1;
      else { kept.unshift(1); point += 1; keep += 1; }
    }
    var digitsText = kept.join("");
    var result;
    if (keep <= point) result = (digitsText || "0") + new Array(point - keep + 1).join("0");
    else result = digitsText.slice(0, point) + "." + digitsText.slice(point);
    var value = parseFloat(result);
    return x < 0 ? -value : value;
  }

  function values(args) {
    var numbers = [];
    args.forEach(function (arg) {
      if (arg instanceof NodeSet) arg.items.forEach(function (v) { numbers.push(toNumber(v)); });
      else numbers.push(toNumber(arg));
    });
    return numbers;
  }

  function extreme(pick) {
    return function () {
      var numbers = values(Array.prototype.slice.call(arguments));
      if (!numbers.length || numbers.some(function (n) { return n !== n; })) return NaN;
      return pick.apply(null, numbers);
    };
  }

  function fsum(numbers) {
    // Exact sum (as Python's math.fsum) so that both sides agree to the last digit.
    var partials = [];
    numbers.forEach(function (x) {
      var i = 0;
      for (var j = 0; j < partials.length; j++) {
        var y = partials[j];
        if (Math.abs(x) < Math.abs(y)) { var t = x; x = y; y = t; }
        var hi = x + y;
        var lo = y - (hi - x);
        if (lo) partials[i++] = lo;
        x = hi;
      }
      partials.length = i;
      partials.push(x);
    });
    if (!isFinite(partials[partials.length - 1] || 0) || numbers.some(function (n) { return !isFinite(n); })) {
      return numbers.reduce(function (a, b) { return a + b; }, 0);
    }
    var total = 0;
    for (var k = partials.length - 1; k >= 0; k--) total += partials[k];
    return total;
  }

  function questionOf(text) {
    text = text.trim();
    if (text.startsWith("${") && text.endsWith("}")) return text.slice(2, -1).trim();
    var parts = text.replace(/\/+$/, "").split("/");
    return parts[parts.length - 1];
  }

  function eager(fn, convert) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      return function (c) {
        return fn.apply(null, args.map(function (a, i) {
          var value = a(c);
          if (!convert) return value;
          return convert[Math.min(i, convert.length - 1)](value);
        }));
      };
    };
  }

  function currentOr(fn) {
    return function (arg) {
      if (arg) return function (c) { return fn(arg(c)); };
      return function (c) { return fn(answerValue(c.current)); };
    };
  }

  function id(v) { return v; }
  var S = [toStr], N = [toNumber], B = [toBoolean];

  var FUNCTIONS = {
    selected: [2, 2, eager(function (a, b) { return a.split(/\s+/).indexOf(b.trim()) >= 0 && b.trim() !== ""; }, S)],
    "count-selected": [1, 1, eager(function (a) { return a.split(/\s+/).filter(Boolean).length; }, S)],
    "selected-at": [2, 2, eager(function (a, i) {
      var items = a.split(/\s+/).filter(Boolean);
      return i === i && i >= 0 && i < items.length ? items[Math.floor(i)] : "";
    }, [toStr, toNumber])],
    not: [1, 1, eager(function (a) { return !a; }, B)],
    "true": [0, 0, function () { return function () { return true; }; }],
    "false": [0, 0, function () { return function () { return false; }; }],
    "boolean": [1, 1, eager(id, B)],
    string: [0, 1, currentOr(toStr)],
    number: [0, 1, currentOr(toNumber)],
    "string-length": [0, 1, currentOr(function (v) { return Array.from(toStr(v)).length; })],
    "normalize-space": [0, 1, currentOr(function (v) { return toStr(v).split(/\s+/).filter(Boolean).join(" "); })],
    "int": [1, 1, eager(function (a) { return isFinite(a) ? Math.trunc(a) + 0 : a; }, N)],
    round: [1, 2, eager(roundNumber, N)],
    floor: [1, 1, eager(Math.floor, N)],
    ceiling: [1, 1, eager(function (a) { return Math.ceil(a) + 0; }, N)],
    abs: [1, 1, eager(Math.abs, N)],
    pow: [2, 2, eager(Math.pow, N)],
    sqrt: [1, 1, eager(Math.sqrt, N)],
    exp: [1, 1, eager(Math.exp, N)],
    log: [1, 1, eager(Math.log, N)],
    log10: [1, 1, eager(Math.log10, N)],
    sin: [1, 1, eager(Math.sin, N)],
    cos: [1, 1, eager(Math.cos, N)],
    tan: [1, 1, eager(Math.tan, N)],
    asin: [1, 1, eager(Math.asin, N)],
    acos: [1, 1, eager(Math.acos, N)],
    atan: [1, 1, eager(Math.atan, N)],
    atan2: [2, 2, eager(Math.atan2, N)],
    pi: [0, 0, function () { return function () { return Math.PI; }; }],
    min: [1, null, eager(extreme(Math.min))],
    max: [1, null, eager(extreme(Math.max))],
    sum: [1, 1, eager(function (nodes) { return nodes instanceof NodeSet ? fsum(values([nodes])) : toNumber(nodes); })],
    count: [1, 1, eager(function (nodes) {
      if (nodes instanceof NodeSet) return nodes.items.length;
      return toStr(nodes) === "" ? 0 : 1;
    })],
    concat: [1, null, eager(function () { return Array.prototype.join.call(arguments, ""); }, S)],
    join: [2, null, eager(function (separator) {
      var parts = [];
      Array.prototype.slice.call(arguments, 1).forEach(function (v) {
        if (v instanceof NodeSet) parts = parts.concat(v.items);
        else parts.push(toStr(v));
      });
      return parts.join(toStr(separator));
    })],
    contains: [2, 2, eager(function (a, b) { return a.indexOf(b) >= 0; }, S)],
    "starts-with": [2, 2, eager(function (a, b) { return a.startsWith(b); }, S)],
    "ends-with": [2, 2, eager(function (a, b) { return a.endsWith(b); }, S)],
    substr: [2, 3, eager(function (text, start, end) {
      if (start !== start || end !== end) return "";
      var chars = Array.from(text);
      var clamp = function (n) { return n <= 0 ? 0 : n >= chars.length ? chars.length : Math.trunc(n); };
      var last = end === undefined ? chars.length : clamp(end);
      return chars.slice(clamp(start), last).join("");
    }, [toStr, toNumber])],
    regex: [2, 2, function (value, pattern) {
      return function (c) {
        var compiled;
        try {
          compiled = checkRegex(toStr(pattern(c)));
        } catch (error) {
          return false;
        }
        return compiled.test(toStr(value(c)).slice(0, MAX_REGEX_INPUT));
      };
    }],
    "if": [3, 3, function (cond, then, otherwise) {
      return function (c) { return toBoolean(cond(c)) ? then(c) : otherwise(c); };
    }],
    coalesce: [2, null, function () {
      var args = Array.prototype.slice.call(arguments);
      return function (c) {
        var value = "";
        for (var i = 0; i < args.length; i++) {
          value = args[i](c);
          if (toStr(value) !== "") return value;
        }
        return value;
      };
    }],
    today: [0, 0, function () { return today; }],
    now: [0, 0, function () { return now; }],
    date: [1, 1, eager(id, S)],
    position: [0, 1, function () { return function (c) { return c.position || 1; }; }],
    "jr:choice-name": [2, 2, function (value, question) {
      return function (c) {
        if (typeof c.choiceLabel !== "function") return "";
        return c.choiceLabel(questionOf(toStr(question(c))), toStr(value(c))) || "";
      };
    }]
  };

  // --- parser ------------------------------------------------------------------------------

  var BINDING = {
    or: 1, and: 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5, "*": 6, div: 6, mod: 6
  };

  function show(token) {
    if (token.kind === "ref") return "${" + token.value + "}";
    if (token.kind === "string") return "'" + token.value + "'";
    if (token.kind === "number") return numberToString(token.value);
    if (token.kind === "dot") return ".";
    if (token.kind === "dotdot") return "..";
    return String(token.value);
  }

  function arity(low, high) {
    var plural = function (n) { return n === 1 ? "" : "s"; };
    if (high === low) return low + " argument" + plural(low);
    if (high === null) return "at least " + low + " argument" + plural(low);
    return low + " to " + high + " arguments";
  }

  function binary(op, left, right) {
    if (op === "or") return function (c) { return toBoolean(left(c)) || toBoolean(right(c)); };
    if (op === "and") return function (c) { return toBoolean(left(c)) && toBoolean(right(c)); };
    if (has(ARITHMETIC, op)) {
      var fn = ARITHMETIC[op];
      return function (c) { return fn(toNumber(left(c)), toNumber(right(c))); };
    }
    return function (c) { return compare(op, left(c), right(c)); };
  }

  function Parser(text) {
    this.tokens = tokenize(text);
    this.index = 0;
    this.depth = 0;
    this.references = {};
    this.columns = {};
  }

  Parser.prototype.peek = function () { return this.tokens[this.index]; };
  Parser.prototype.next = function () { return this.tokens[this.index++]; };
  Parser.prototype.isOp = function (value) {
    var token = this.peek();
    return token.kind === "op" && token.value === value;
  };

  Parser.prototype.infixOperator = function () {
    var token = this.peek();
    if (token.kind === "op" && has(BINDING, token.value)) return token.value;
    if (token.kind === "name" && has(OPERATOR_WORDS, token.value)) return token.value;
    return null;
  };

  Parser.prototype.parse = function () {
    if (this.peek().kind === "end") throw new ExpressionError("The expression is empty");
    var node = this.expression(0);
    var token = this.peek();
    if (token.kind !== "end") {
      if (token.value === ")") throw new ExpressionError("Unexpected ')' at position " + token.position);
      throw new ExpressionError(
        "Unexpected '" + show(token) + "' at position " + token.position +
        ": an operator (such as =, and, or, +) is missing"
      );
    }
    return node;
  };

  Parser.prototype.expression = function (minBinding) {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new ExpressionError("The expression is nested too deeply");
    var left = this.prefix();
    for (;;) {
      var op = this.infixOperator();
      if (op === null || BINDING[op] <= minBinding) break;
      this.next();
      left = binary(op, left, this.expression(BINDING[op]));
    }
    this.depth -= 1;
    return left;
  };

  Parser.prototype.prefix = function () {
    var token = this.next();
    var kind = token.kind, value = token.value;
    if (kind === "number" || kind === "string") return function () { return value; };
    if (kind === "ref" || kind === "path") {
      this.references[value] = true;
      return function (c) { return lookup(c, value); };
    }
    if (kind === "dot") return function (c) { return answerValue(c.current); };
    if (kind === "dotdot") {
      throw new ExpressionError("'..' alone is only allowed in position(..) (" + token.position + ")");
    }
    if (kind === "op" && value === "-") {
      var operand = this.expression(6);
      return function (c) { return -toNumber(operand(c)); };
    }
    if (kind === "op" && value === "(") {
      var inner = this.expression(0);
      this.expectClose(token);
      return inner;
    }
    if (kind === "name") {
      if (this.isOp("(")) return this.call(token);
      this.columns[value] = true;
      return function (c) {
        if (c.choice && has(c.choice, value)) return answerValue(c.choice[value]);
        return lookup(c, value);
      };
    }
    if (kind === "end") throw new ExpressionError("The expression ends too early: a value is missing");
    throw new ExpressionError("Unexpected '" + show(token) + "' at position " + token.position);
  };

  Parser.prototype.expectClose = function (opening) {
    var token = this.next();
    if (token.kind === "op" && token.value === ")") return;
    if (token.kind === "end") {
      throw new ExpressionError("Unclosed parenthesis opened at position " + opening.position);
    }
    throw new ExpressionError(
      "Expected ',' or ')' at position " + token.position + ", found '" + show(token) + "'"
    );
  };

  Parser.prototype.call = function (nameToken) {
    var name = nameToken.value;
    var opening = this.next();
    var args = [], raw = [];
    if (!this.isOp(")")) {
      for (;;) {
        raw.push(this.peek());
        if (name === "position" && this.peek().kind === "dotdot") {
          this.next();
          args.push(function () { return ""; });
        } else {
          args.push(this.expression(0));
        }
        if (this.isOp(",")) {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expectClose(opening);
    if (!has(FUNCTIONS, name)) {
      throw new ExpressionError("Unknown function '" + name + "' at position " + nameToken.position);
    }
    var spec = FUNCTIONS[name];
    var low = spec[0], high = spec[1];
    if (args.length < low || (high !== null && args.length > high)) {
      throw new ExpressionError(
        "Function '" + name + "' takes " + arity(low, high) + ", got " + args.length +
        " (position " + nameToken.position + ")"
      );
    }
    if (name === "jr:choice-name" && raw[1].kind === "string") {
      var question = questionOf(raw[1].value);
      if (question) this.references[question] = true;
    }
    if (name === "regex" && raw[1].kind === "string") checkRegex(raw[1].value);
    return spec[2].apply(null, args);
  };

  var cache = {};
  var cacheSize = 0;

  function compile(text) {
    if (typeof text !== "string") throw new ExpressionError("The expression must be text");
    if (has(cache, text)) return cache[text];
    if (text.length > MAX_LENGTH) {
      throw new ExpressionError("The expression is too long (at most " + MAX_LENGTH + " characters)");
    }
    var parser = new Parser(text);
    var run = parser.parse();
    var expression = {
      text: text,
      references: Object.keys(parser.references),
      columns: Object.keys(parser.columns),
      evaluate: function (context) { return run(context || {}); },
      isTrue: function (context) { return toBoolean(run(context || {})); }
    };
    if (cacheSize > 4096) {
      cache = {};
      cacheSize = 0;
    }
    cache[text] = expression;
    cacheSize += 1;
    return expression;
  }

  window.SurveyExpressions = {
    compile: compile,
    ExpressionError: ExpressionError,
    NodeSet: NodeSet,
    toString: toStr,
    toNumber: toNumber,
    toBoolean: toBoolean
  };
})();
