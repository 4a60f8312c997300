"""The expression language of survey definitions: the part of XLSForm's XPath that surveys use.

Relevance, constraints, calculations, choice filters and repeat counts are written in it.
Texts come from people (the builder, imported XLSForm files), so they are parsed by a small
tokenizer and recursive-descent parser into closures, never handed to eval(). The same language
is implemented in static/surveys/expressions.js; both pass the cases of
alliances/surveys/tests/expression_cases.json.

Values follow XPath 1.0: strings, numbers (float; an empty answer is "" and NaN in arithmetic),
booleans, and node sets (the values of one field across a repeat's instances). One extension:
ISO dates, date-times and times convert to numbers (days since 1970-01-01, fraction of a day),
as ODK does, so `. <= today()` and `today() - ${birth_date}` work.

Modules: tokens (the tokenizer), evaluate (the context, conversions, comparisons), functions
(the function table, regex() checks), parser (compile_expression and Expression).
"""

from alliances.surveys.expressions.evaluate import (
    EvalContext,
    NodeSet,
    answer_value,
    compare,
    lookup,
    number_to_string,
    string_to_number,
    to_boolean,
    to_number,
    to_string,
)
from alliances.surveys.expressions.functions import (
    FUNCTIONS,
    MAX_REGEX_INPUT,
    MAX_REGEX_LENGTH,
    check_regex,
    risky_pattern,
    round_number,
)
from alliances.surveys.expressions.parser import (
    MAX_DEPTH,
    MAX_LENGTH,
    Expression,
    compile_expression,
)
from alliances.surveys.expressions.tokens import NAME, NAME_RE, ExpressionError, Token, tokenize

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_REGEX_INPUT",
    "MAX_REGEX_LENGTH",
    "NAME",
    "NAME_RE",
    "EvalContext",
    "Expression",
    "ExpressionError",
    "NodeSet",
    "Token",
    "answer_value",
    "check_regex",
    "compare",
    "compile_expression",
    "lookup",
    "number_to_string",
    "risky_pattern",
    "round_number",
    "string_to_number",
    "to_boolean",
    "to_number",
    "to_string",
    "tokenize",
]
