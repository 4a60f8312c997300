"""Enumerates every URL pattern of the project, with its full name and route."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_url_patterns() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
                full = f"{namespace}:{name}" if namespace else name
                found.append((full, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", None)
    return found
