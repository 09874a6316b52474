"""Who may do what: one table per capability, one ``can(...)`` for routes and templates.

A capability declares its table once, next to its views::

    PAIRS = declare("pairs", read=allow(*SCHOOL_READERS), manage=allow(Role.CURATOR))

``requires(PAIRS.manage)`` (that is, ``"pairs.manage"``) guards a view;
``can("pairs.manage")`` answers a template's question whether to show the button. A rule
may carry an object rule, applied when an object is asked about:
``allow(Role.CURATOR, when=lambda user: curator_may_reset(user, g.place))`` in
``school_accounts.py``, then ``require(ACCOUNTS.reset, user)``. The roles are those the
user holds in the request's scope (``g.roles``, set when the scope is entered), so a
role held in another school counts for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from types import SimpleNamespace
from typing import Any

from flask import Flask, abort, g

from nastavnik.platform.roles import Role


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    # An object rule such as "this pair is mine", applied when an object is asked about.
    when: Callable[[Any], bool] | None = None
    # Refuse with 404 where the page's very existence is a secret (personal data).
    hidden: bool = False


_rules: dict[str, Rule] = {}


def allow(*roles: Role, when: Callable[[Any], bool] | None = None,
          hidden: bool = False) -> Rule:
    return Rule(frozenset(roles), when, hidden)


def declare(capability: str, **rules: Rule) -> SimpleNamespace:
    """Register a capability's table; return its action names (``PAIRS.form == "pairs.form"``).

    Declaring an action twice with another rule is a programming error.
    """
    for action, rule in rules.items():
        name = f"{capability}.{action}"
        if _rules.get(name, rule) != rule:
            raise ValueError(f"permission {name} declared twice")
        _rules[name] = rule
    return SimpleNamespace(**{action: f"{capability}.{action}" for action in rules})


def rule_for(action: str) -> Rule:
    try:
        return _rules[action]
    except KeyError:
        raise LookupError(f"no permission {action!r} is declared") from None


def can(action: str, obj: Any = None) -> bool:
    """Whether the current user may do ``action`` (to ``obj``, if given) here."""
    rule = rule_for(action)
    if not rule.roles & g.get("roles", set()):
        return False
    return obj is None or rule.when is None or bool(rule.when(obj))


def require(action: str, obj: Any = None) -> None:
    """Abort the request unless ``can(action, obj)``: 404 for hidden rules, else 403."""
    if not can(action, obj):
        abort(404 if rule_for(action).hidden else 403)


def requires(action: str) -> Callable:
    """Guard a view with ``action`` (its object rule, if any, is the view's to apply)."""
    rule_for(action)  # fail at import, not at the first request, on a misspelt action

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            require(action)
            return view(*args, **kwargs)

        return guarded

    return decorator


def init_app(app: Flask) -> None:
    app.add_template_global(can, "can")
