"""Cleaning a respondent's answers against a survey definition.

clean_answers() is the one gate every answer passes (public form, offline sync, paper entry):
it types each value, applies relevance (answers to hidden questions are dropped), required,
choice filters and constraints, and computes calculations on the server. The public endpoint
calls it for every submission, so each definition is compiled once into a plan and cached.

Modules: plan (a definition compiled once and cached), values (typing each raw value),
cleaning (the rules, clean_answers() and content_hash()).
"""

from alliances.surveys.answers.cleaning import clean_answers, content_hash
from alliances.surveys.answers.plan import Node, Plan, compile_definition
from alliances.surveys.answers.values import MAX_REPEAT_INSTANCES, Invalid

__all__ = [
    "MAX_REPEAT_INSTANCES",
    "Invalid",
    "Node",
    "Plan",
    "clean_answers",
    "compile_definition",
    "content_hash",
]
