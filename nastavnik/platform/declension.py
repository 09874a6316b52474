"""Russian full names in any grammatical case, for documents that name people.

An order says «Назначить куратором Орлову Наталью Сергеевну», «Куратору Орловой Н. С.»,
«возложить на заместителя директора Иванову И. И.»: the name must be in the case the
sentence needs. The rules are petrovich's (``pytrovich``, a maintained port), which know
the surnames that never decline (Шевченко, Дюма, Черных, a woman's Шевчук or Ким),
double surnames (Петрова-Водкина) and foreign names.

The gender decides how a surname declines. We take it from the patronymic when there is
one (…вич/…вна, …оглы/…кызы are unambiguous), else from the first name and surname; a
name whose gender cannot be told is printed as typed rather than guessed wrong.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache

import pymorphy3
from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case as PetrovichCase
from pytrovich.enums import Gender as PetrovichGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from nastavnik.platform.privacy import ERASED


class Case(enum.Enum):
    NOMINATIVE = PetrovichCase.NOMINATIVE  # кто? Орлова Наталья Сергеевна
    GENITIVE = PetrovichCase.GENITIVE  # кого? Орловой Натальи Сергеевны
    DATIVE = PetrovichCase.DATIVE  # кому? Орловой Наталье Сергеевне
    ACCUSATIVE = PetrovichCase.ACCUSATIVE  # кого? Орлову Наталью Сергеевну
    INSTRUMENTAL = PetrovichCase.INSTRUMENTAL  # кем? Орловой Натальей Сергеевной
    PREPOSITIONAL = PetrovichCase.PREPOSITIONAL  # о ком? об Орловой Наталье Сергеевне


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


# Patronymic endings that say the gender outright, including the Turkic «оглы»/«кызы»
# written as a separate word (Рашид оглы, Рашид кызы).
_MALE_PATRONYMIC = ("вич", "ич", "оглы", "улы", "уулу")
_FEMALE_PATRONYMIC = ("вна", "чна", "шна", "кызы", "гызы", "кизи")


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def gender_of(last: str, first: str, middle: str = "") -> Gender | None:
    """The gender the name says, or None when it cannot be told (Саша Ким)."""
    patronymic = middle.strip().lower()
    if patronymic.endswith(_FEMALE_PATRONYMIC):
        return Gender.FEMALE
    if patronymic.endswith(_MALE_PATRONYMIC):
        return Gender.MALE
    parts = {"firstname": first or None, "lastname": last or None,
             "middlename": middle or None}
    if not any(parts.values()):
        return None
    detected = _detector().detect(**parts)
    return {PetrovichGender.MALE: Gender.MALE,
            PetrovichGender.FEMALE: Gender.FEMALE}.get(detected)


# A name made of letters (and hyphens, apostrophes). Anything else — a typing slip, markup
# pasted in — is printed exactly as typed, never cut into "initials".
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str = ""
    middle: str = ""
    gender: Gender | None = None  # stored on the record; else told from the name

    @classmethod
    def parse(cls, full_name: str, gender: Gender | None = None) -> PersonName:
        """«Фамилия Имя Отчество» as typed; a patronymic may be two words (Рашид оглы)."""
        parts = full_name.split()
        if not parts:
            return cls("")
        return cls(parts[0], parts[1] if len(parts) > 1 else "", " ".join(parts[2:]), gender)

    @property
    def is_plain(self) -> bool:
        words = f"{self.last} {self.first} {self.middle}".split()
        return bool(words) and self.last != ERASED and all(
            _NAME_WORD.fullmatch(word) for word in words)

    @property
    def _typed(self) -> str:
        return " ".join(p for p in (self.last, self.first, self.middle) if p)

    @property
    def _gender(self) -> Gender | None:
        return self.gender or gender_of(self.last, self.first, self.middle)

    def _parts(self, case: Case) -> tuple[str, str, str]:
        gender = self._gender
        if case is Case.NOMINATIVE or gender is None or not self.is_plain:
            return self.last, self.first, self.middle
        g = PetrovichGender.MALE if gender is Gender.MALE else PetrovichGender.FEMALE

        def make(part: NamePart, value: str) -> str:
            return _maker().make(part, g, case.value, value) if value else ""
        return (make(NamePart.LASTNAME, self.last), make(NamePart.FIRSTNAME, self.first),
                make(NamePart.MIDDLENAME, self.middle))

    def full(self, case: Case = Case.NOMINATIVE) -> str:
        """«Орлову Наталью Сергеевну» (accusative)."""
        return " ".join(p for p in self._parts(case) if p)

    def short(self, case: Case = Case.NOMINATIVE) -> str:
        """«Орловой Н. С.» (dative): surname, then initials, as an order's text names."""
        if not self.is_plain:
            return self._typed
        last, _first, _middle = self._parts(case)
        return " ".join([last, *_initials(self.first, self.middle)]).strip()

    def signature(self) -> str:
        """«Н. С. Орлова»: initials before the surname, as under a signature."""
        if not self.is_plain:
            return self._typed
        return " ".join([*_initials(self.first, self.middle), self.last]).strip()


def _initials(first: str, middle: str) -> list[str]:
    # «Рашид оглы» gives one initial: the particle is not a name.
    return [f"{word[0]}." for word in (first, middle.split()[0] if middle else "") if word]


def full_name(name: str, case: Case = Case.NOMINATIVE) -> str:
    """A full name as typed («Фамилия Имя Отчество»), put in ``case``."""
    return PersonName.parse(name).full(case)


def short_name(name: str, case: Case = Case.NOMINATIVE) -> str:
    """«Фамилия И. О.» in ``case``."""
    return PersonName.parse(name).short(case)


# pymorphy3's grammeme of each case, for positions («заместителя директора по УВР»).
_GRAMMEME = {Case.NOMINATIVE: "nomn", Case.GENITIVE: "gent", Case.DATIVE: "datv",
             Case.ACCUSATIVE: "accs", Case.INSTRUMENTAL: "ablt", Case.PREPOSITIONAL: "loct"}


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def position_in(position: str, case: Case) -> str:
    """A position put in ``case``: «заместитель директора по УВР» → «заместителя директора
    по УВР» (accusative). Only the head phrase declines — the adjectives and the first
    noun; what follows it («директора по УВР», «математики») stays as it is. A person is
    animate, so a masculine head takes the genitive form in the accusative."""
    words = position.split()
    if case is Case.NOMINATIVE or not words:
        return position
    out: list[str] = []
    for index, word in enumerate(words):
        parse = _nominative_parse(word)
        if parse is None:
            return " ".join(out + words[index:])
        grammeme = _GRAMMEME[case]
        if case is Case.ACCUSATIVE and "femn" not in parse.tag:
            grammeme = "gent"
        inflected = parse.inflect({grammeme, "sing"})
        out.append(_cased_like(word, inflected.word) if inflected else word)
        if parse.tag.POS == "NOUN":
            return " ".join(out + words[index + 1:])
    return " ".join(out)


def _nominative_parse(word: str):
    """The word read as a nominative adjective or noun (an adjective first: «старший»)."""
    if word.isupper() or (not word.isalpha() and "-" not in word):
        return None  # an abbreviation (УВР, ОБЖ) or a number
    parses = [p for p in _morph().parse(word) if "nomn" in p.tag and "sing" in p.tag]
    for pos in ("ADJF", "PRTF", "NOUN"):
        for parse in parses:
            if pos == parse.tag.POS:
                return parse
    return None


def _cased_like(original: str, word: str) -> str:
    return word.capitalize() if original[:1].isupper() else word
