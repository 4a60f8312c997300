"""The compiled plan of a definition: its items as nodes with their expressions compiled."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from alliances.surveys.definition import CONTAINER_TYPES
from alliances.surveys.expressions import Expression, compile_expression


def _expression(item: dict, key: str) -> Expression | None:
    value = item.get(key)
    if isinstance(value, str) and value.strip():
        return compile_expression(value)
    return None


@dataclass(slots=True)
class Node:
    item: dict
    name: str
    kind: str
    relevant: Expression | None
    required: bool | Expression = False
    constraint: Expression | None = None
    calculation: Expression | None = None
    choice_filter: Expression | None = None
    repeat_count: Expression | None = None
    choices: dict[str, list[dict]] = field(default_factory=dict)  # name → choices with that name
    statements: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # group/repeat: question names inside (repeats: own level)


def _plan(items: list) -> list[Node]:
    nodes = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        kind = item.get("type")
        required = item.get("required", False)
        node = Node(
            item=item,
            name=item["name"],
            kind=kind,
            relevant=_expression(item, "relevant"),
            required=_expression(item, "required") if isinstance(required, str) else bool(required),
            constraint=_expression(item, "constraint"),
            calculation=_expression(item, "calculation"),
            choice_filter=_expression(item, "choice_filter"),
            repeat_count=_expression(item, "repeat_count"),
        )
        for choice in item.get("choices") or []:
            node.choices.setdefault(str(choice.get("name")), []).append(choice)
        node.statements = tuple(s["name"] for s in item.get("statements") or [])
        if kind in CONTAINER_TYPES:
            node.children = _plan(item.get("items") or [])
            node.names = frozenset(_names(node.children, kind == "repeat"))
        nodes.append(node)
    return nodes


def _names(nodes: list[Node], own_level: bool) -> set[str]:
    names = set()
    for node in nodes:
        names.add(node.name)
        if node.kind == "group" or (node.kind == "repeat" and not own_level):
            names.update(_names(node.children, own_level))
    return names


@dataclass(slots=True)
class Plan:
    nodes: list[Node]
    labels: dict[str, dict[str, Any]]  # question → choice name → label (for jr:choice-name)


_plans: OrderedDict[str, Plan] = OrderedDict()
_plans_lock = Lock()


def compile_definition(definition: dict) -> Plan:
    """The plan of a definition, cached by its content (a survey reloaded is the same plan)."""
    key = json.dumps(definition, sort_keys=True, separators=(",", ":"), default=str)
    with _plans_lock:
        plan = _plans.get(key)
        if plan is not None:
            _plans.move_to_end(key)
            return plan
    nodes = _plan(definition.get("items") or [])
    labels = {}
    for node in _walk(nodes):
        if node.choices:
            labels[node.name] = {n: c[0].get("label") for n, c in node.choices.items()}
    plan = Plan(nodes=nodes, labels=labels)
    with _plans_lock:
        _plans[key] = plan
        while len(_plans) > 64:
            _plans.popitem(last=False)
    return plan


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)
