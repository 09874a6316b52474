"""Age and experience bands: the non-identifying attributes that events and reports use.

The age bands follow the young-specialist rule (DOMAIN.md: under 35): «до 35 лет» holds
34-year-olds but not a teacher of 35, who is in «35–60 лет». Questionnaires published
before this rule offered «36–60 лет» (code ``36_60``); answers and events carrying it stay
readable, so the code keeps its label in ``AGE_BAND_LABELS``, but nothing assigns it now.
"""

AGE_BANDS = {"under_35": "до 35 лет", "35_60": "35–60 лет", "61_plus": "61 год и старше"}
# Every age band code ever written, with its label: what old responses and events carry.
AGE_BAND_LABELS = {**AGE_BANDS, "36_60": "36–60 лет"}
EXPERIENCE_BANDS = {"0_3": "до 3 лет", "4_10": "4–10 лет", "11_20": "11–20 лет",
                    "21_plus": "более 20 лет"}

# DOMAIN.md: a young specialist is under 35 and in the first three years of teaching.
YOUNG_AGE_LIMIT = 35
YOUNG_EXPERIENCE_LIMIT = 3


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    if age < YOUNG_AGE_LIMIT:
        return "under_35"
    return "35_60" if age <= 60 else "61_plus"


def experience_band(years: int | None) -> str | None:
    if years is None:
        return None
    if years <= YOUNG_EXPERIENCE_LIMIT:
        return "0_3"
    if years <= 10:
        return "4_10"
    return "11_20" if years <= 20 else "21_plus"


def young_specialist(age: int | None, experience: int | None) -> bool:
    return (age is not None and age < YOUNG_AGE_LIMIT
            and experience is not None and experience <= YOUNG_EXPERIENCE_LIMIT)


def young_specialist_by_bands(age_band: str | None, experience_band: str | None) -> bool:
    """The same rule read from the bands: «до 35 лет» and «до 3 лет» are exactly it."""
    return age_band == "under_35" and experience_band == "0_3"
