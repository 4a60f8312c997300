"""The shared cases of the expression language, run by the Python evaluator and by the browser's."""

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from alliances.surveys.expressions import EvalContext, ExpressionError, NodeSet, compile_expression

HERE = Path(__file__).parent
CASES = json.loads((HERE / "expression_cases.json").read_text())
SCRIPT = HERE.parents[2] / "static" / "surveys" / "expressions.js"


def as_json(value):
    """A result in the cases' notation: NaN and infinities are spelled out, node sets are lists."""
    if isinstance(value, NodeSet):
        return list(value)
    if isinstance(value, float):
        if math.isnan(value):
            return {"nan": True}
        if math.isinf(value):
            return {"number": "Infinity" if value > 0 else "-Infinity"}
    return value


def context_of(case):
    labels = case.get("labels", {})
    names = case.get("scope_names")
    return EvalContext(
        answers=case.get("answers", {}),
        current=case.get("current"),
        today=case.get("today"),
        now=case.get("now"),
        scopes=case.get("scopes", ()),
        scope_names=frozenset(names) if names is not None else None,
        position=case.get("position"),
        choice=case.get("choice"),
        choice_label=lambda question, value: labels.get(question, {}).get(value, ""),
    )


def same(result, expected):
    if isinstance(expected, bool) or isinstance(result, bool):
        return result is expected
    return result == expected


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["expression"][:60])
def test_python_evaluator(case):
    if case.get("error"):
        with pytest.raises(ExpressionError):
            compile_expression(case["expression"])
        return
    result = as_json(compile_expression(case["expression"]).evaluate(context_of(case)))
    assert same(result, case["expected"]), f"{case['expression']!r} gave {result!r}"


NODE_RUNNER = r"""
const fs = require("fs");
const vm = require("vm");
const [script, casesFile] = process.argv.slice(1);
const sandbox = { window: {} };
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(script, "utf8"), sandbox);
const api = sandbox.window.SurveyExpressions;
const cases = JSON.parse(fs.readFileSync(casesFile, "utf8"));
const asJson = (value) => {
  if (value instanceof api.NodeSet) return value.items;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { nan: true };
    if (!Number.isFinite(value)) return { number: value > 0 ? "Infinity" : "-Infinity" };
  }
  return value;
};
const results = cases.map((c) => {
  try {
    const expression = api.compile(c.expression);
    if (c.error) return { compiled: true };
    const labels = c.labels || {};
    return { value: asJson(expression.evaluate({
      answers: c.answers || {}, current: c.current, today: c.today, now: c.now,
      scopes: c.scopes || [], scopeNames: c.scope_names, position: c.position, choice: c.choice,
      choiceLabel: (q, v) => (labels[q] || {})[v] || "",
    })) };
  } catch (error) {
    return { error: error.name === "ExpressionError" ? "ExpressionError" : String(error) };
  }
});
process.stdout.write(JSON.stringify(results));
"""


@pytest.fixture(scope="module")
def node_results():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the browser evaluator cannot be checked here")
    completed = subprocess.run(
        [node, "-e", NODE_RUNNER, str(SCRIPT), str(HERE / "expression_cases.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout)


def test_javascript_evaluator_gives_the_same_results(node_results):
    failures = []
    for case, result in zip(CASES, node_results, strict=True):
        if case.get("error"):
            if result.get("error") != "ExpressionError":
                failures.append(f"{case['expression']!r} should be refused, got {result}")
        elif "value" not in result or not same(result["value"], case["expected"]):
            failures.append(f"{case['expression']!r} gave {result}, expected {case['expected']!r}")
    assert not failures, "\n".join(failures)


def test_javascript_references_match(node_results):
    node = shutil.which("node")
    texts = ["${a} + ${b}", "jr:choice-name(${c}, '${d}')", "../e = /data/f", "g = ${h}"]
    runner = (
        "const fs=require('fs'),vm=require('vm');const s={window:{}};vm.createContext(s);"
        f"vm.runInContext(fs.readFileSync({json.dumps(str(SCRIPT))},'utf8'),s);"
        f"const t={json.dumps(texts)};"
        "process.stdout.write(JSON.stringify(t.map(x=>{const e=s.window.SurveyExpressions"
        ".compile(x);return [e.references.sort(),e.columns.sort()]})))"
    )
    output = subprocess.run([node, "-e", runner], capture_output=True, text=True, check=True)
    expected = [
        [sorted(compile_expression(t).references), sorted(compile_expression(t).columns)]
        for t in texts
    ]
    assert json.loads(output.stdout) == expected
