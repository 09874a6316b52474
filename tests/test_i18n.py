import datetime as dt

import pytest

from nastavnik.platform.i18n import plural, ru_date


@pytest.mark.parametrize(("count", "text"), [
    (1, "1 встреча"), (2, "2 встречи"), (5, "5 встреч"), (11, "11 встреч"),
    (21, "21 встреча"), (22, "22 встречи"), (112, "112 встреч"),
])
def test_russian_plurals(count, text):
    assert plural(count, "встреча", "встречи", "встреч") == text


def test_russian_dates(app):
    # CLDR puts a narrow no-break space before «г.», so the year never wraps alone.
    assert ru_date(dt.date(2025, 3, 8)) == "8 марта 2025\u202fг."
    assert ru_date(None) == "—"
