"""Pages with personal data are the school's alone: curator and director.

Other roles that may read a school (methodologist, regional operator, mentors) get 404,
not 403, so such a page does not even reveal that it exists; they see aggregates only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, g

from nastavnik.platform.roles import SCHOOL_STAFF


def personal_data(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.roles & SCHOOL_STAFF:
            abort(404)
        return view(*args, **kwargs)

    return wrapper
