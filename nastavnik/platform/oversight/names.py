"""Names the oversight pages print but capabilities own: forms of mentoring, document kinds,
roadmap stages. A capability registers a provider; oversight never imports a capability."""

from __future__ import annotations

from collections.abc import Callable

# What each kind of code is called when nothing better is registered.
_FALLBACK = {"stage": "Этап {code}", "form": "{code}", "document_kind": "{code}"}
_providers: dict[str, Callable[[], dict[str, str]]] = {}


def provide(kind: str, provider: Callable[[], dict[str, str]]) -> None:
    """``provider()`` returns code → Russian name, in the order the pages list them."""
    _providers[kind] = provider


def names(kind: str) -> dict[str, str]:
    provider = _providers.get(kind)
    return provider() if provider else {}


def name(kind: str, code: object) -> str:
    return names(kind).get(str(code)) or _FALLBACK[kind].format(code=code)
