"""Names the oversight pages print but capabilities own: forms of mentoring, document kinds,
roadmap stages. A capability registers a provider; oversight never imports a capability."""

from __future__ import annotations

from collections.abc import Callable

from flask import g, has_app_context

# What each kind of code is called when nothing better is registered.
_FALLBACK = {"stage": "Этап {code}", "form": "{code}", "document_kind": "{code}"}
_providers: dict[str, Callable[[], dict[str, str]]] = {}


def provide(kind: str, provider: Callable[[], dict[str, str]]) -> None:
    """``provider()`` returns code → Russian name, in the order the pages list them."""
    _providers[kind] = provider


def names(kind: str) -> dict[str, str]:
    """The names of ``kind``, asked of the provider once per request or job (a page names
    every form of its chart: one query, not one per form)."""
    provider = _providers.get(kind)
    if provider is None:
        return {}
    if not has_app_context():
        return provider()
    known = g.setdefault("oversight_names", {})
    if kind not in known:
        known[kind] = provider()
    return known[kind]


def name(kind: str, code: object) -> str:
    return names(kind).get(str(code)) or _FALLBACK[kind].format(code=code)
