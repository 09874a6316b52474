"""Age and experience bands: the non-identifying attributes that events and reports use.

The age bands are those of the federal monitoring (до 35 / 36–60 / 61 и старше).
"""

AGE_BANDS = {"under_35": "до 35 лет", "36_60": "36–60 лет", "61_plus": "61 год и старше"}
EXPERIENCE_BANDS = {"0_3": "до 3 лет", "4_10": "4–10 лет", "11_20": "11–20 лет",
                    "21_plus": "более 20 лет"}


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    if age <= 35:
        return "under_35"
    return "36_60" if age <= 60 else "61_plus"


def experience_band(years: int | None) -> str | None:
    if years is None:
        return None
    if years <= 3:
        return "0_3"
    if years <= 10:
        return "4_10"
    return "11_20" if years <= 20 else "21_plus"


# DOMAIN.md: a young specialist is under 35 and in the first three years of teaching.
YOUNG_AGE_LIMIT = 35
YOUNG_EXPERIENCE_LIMIT = 3


def young_specialist(age: int | None, experience: int | None) -> bool:
    return (age is not None and age < YOUNG_AGE_LIMIT
            and experience is not None and experience <= YOUNG_EXPERIENCE_LIMIT)


def young_specialist_by_bands(age_band: str | None, experience_band: str | None) -> bool:
    """The same rule read from a questionnaire's bands, where «до 35 лет» is the nearest."""
    return age_band == "under_35" and experience_band == "0_3"
