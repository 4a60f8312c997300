"""Tokens of the expression language: names, references, strings, numbers, paths, operators."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
NAME_RE = re.compile(NAME, re.ASCII)
_QNAME_RE = re.compile(rf"{NAME}(?::{NAME})?", re.ASCII)
_NUMBER_RE = re.compile(r"\d+(?:\.\d*)?|\.\d+", re.ASCII)
SPACE = " \t\r\n\u00a0"  # XPath white space, and the no-break space people paste
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"


class ExpressionError(ValueError):
    """A text that is not a valid expression; the message is shown to the survey's author."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class Token:
    kind: str  # number string ref path name op dot dotdot end
    value: Any
    position: int  # 1-based, for messages


def _read_path(text: str, i: int) -> tuple[str | None, int]:
    """Read `../a`, `./a`, `data/group/a` from i; return (last name, or None for `..`, end).

    The end is -1 when the path stops after a slash."""
    last: str | None = None
    while True:
        if text.startswith("..", i):
            last, i = None, i + 2
        elif text.startswith(".", i) and not NAME_RE.match(text, i + 1):
            last, i = None, i + 1
        else:
            m = NAME_RE.match(text, i)
            if not m:
                return last, -1
            last, i = m.group(), m.end()
        if i < len(text) and text[i] == "/":
            i += 1
            continue
        return last, i


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        start = i + 1
        if c in SPACE:
            i += 1
        elif text.startswith("${", i):
            end = text.find("}", i)
            if end < 0:
                raise ExpressionError(f"Unclosed reference '${{' at position {start}")
            name = text[i + 2 : end].strip()
            if not NAME_RE.fullmatch(name):
                raise ExpressionError(f"Invalid reference '${{{name}}}' at position {start}")
            tokens.append(Token("ref", name, start))
            i = end + 1
        elif c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                raise ExpressionError(f"Unclosed string at position {start}")
            tokens.append(Token("string", text[i + 1 : end], start))
            i = end + 1
        elif c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER_RE.match(text, i)
            tokens.append(Token("number", float(m.group()), start))
            i = m.end()
        elif c == "/" or text.startswith("../", i) or text.startswith("./", i):
            j = i + 1 if c == "/" else i
            name, end = _read_path(text, j)
            if end < 0:
                raise ExpressionError(f"Incomplete path at position {start}")
            tokens.append(Token("path" if name else "dotdot", name, start))
            i = end
        elif text.startswith("..", i):
            tokens.append(Token("dotdot", None, start))
            i += 2
        elif c == ".":
            tokens.append(Token("dot", None, start))
            i += 1
        elif c in _LETTERS:
            m = _QNAME_RE.match(text, i)
            tokens.append(Token("name", m.group(), start))
            i = m.end()
        elif text.startswith(("!=", "<=", ">="), i):
            tokens.append(Token("op", text[i : i + 2], start))
            i += 2
        elif c in "=<>+-*(),":
            tokens.append(Token("op", c, start))
            i += 1
        else:
            raise ExpressionError(f"Unexpected character '{c}' at position {start}")
    tokens.append(Token("end", None, n + 1))
    return tokens
