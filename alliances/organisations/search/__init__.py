"""Directory search: French full text, filters, facets, distance, on PostgreSQL and SQLite.

query = DirectoryQuery.from_params(request.GET)   # or DirectoryQuery(q=..., kinds=(...))
results = directory_search(user=request.user, query=query)
statements = directory_sql(user=None, query=query)  # {"page": (sql, params), "counts": ...}
"""

from alliances.organisations.search.query import DirectoryQuery, Sort, TerritoryRef
from alliances.organisations.search.service import (
    DirectoryItem,
    DirectoryResults,
    directory_search,
    directory_search_for_visitor,
    directory_sql,
)

__all__ = [
    "DirectoryItem",
    "DirectoryQuery",
    "DirectoryResults",
    "Sort",
    "TerritoryRef",
    "directory_search",
    "directory_search_for_visitor",
    "directory_sql",
]
