from abc import ABC, abstractmethod

from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from alliances.organisations.search.text import ParsedQuery

# The ORM names the directory's table by its own name in the queries it builds.
TABLE = "organisations_organisation"


class SearchBackend(ABC):
    vendor = ""
    # Whether facet counts over a very large match can be estimated from a random sample:
    # such a backend also has `sampled(sql, *, percent) -> str`.
    can_sample = False

    @abstractmethod
    def match_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        """SQL true for organisations whose text matches `parsed`, with its parameters."""

    @abstractmethod
    def rank_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        """SQL giving the relevance of a matching organisation, with its parameters."""

    def text_condition(self, parsed: ParsedQuery) -> RawSQL:
        sql, params = self.match_sql(parsed)
        return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611

    def text_rank(self, parsed: ParsedQuery) -> RawSQL:
        sql, params = self.rank_sql(parsed)
        return RawSQL(sql, params, output_field=FloatField())  # noqa: S611

    def cause_condition(self, codes: tuple[str, ...]):
        """None: the portable EXISTS on the causes table (see filters.cause_filter)."""
        return None

    @abstractmethod
    def table_rows(self) -> int:
        """How many organisations the table holds (estimated where exact is costly)."""
