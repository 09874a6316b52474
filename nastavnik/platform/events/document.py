"""The event catalog document (``docs/events.md``), generated from the registered schemas.

``flask --app wsgi events catalog`` rewrites the file; a test fails when the committed
file differs from what the registry generates, so the document cannot drift.
"""

from __future__ import annotations

from pathlib import Path

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events.registry import Code, EventType, Requisite, catalog

CATALOG_PATH = Path(__file__).resolve().parents[3] / "docs" / "events.md"

_KINDS = ((Code, "код"), (Requisite, "реквизит документа (номер)"), (fields.UUID, "UUID"),
          (fields.Boolean, "да/нет"),
          (fields.Integer, "целое число"), (fields.Float, "число"), (fields.Decimal, "число"),
          (fields.DateTime, "дата и время"), (fields.Date, "дата"))


def field_kind(field: fields.Field) -> str:
    if isinstance(field, fields.List):
        return f"список: {field_kind(field.inner)}"
    choices = [v.choices for v in field.validators if isinstance(v, OneOf)]
    if choices:
        return "один из: " + ", ".join(f"`{c}`" for c in choices[0])
    return next(label for kind, label in _KINDS if isinstance(field, kind))


def _section(kind: EventType) -> list[str]:
    lines = [f"## `{kind.name}`", "", f"{kind.description}. Версия схемы: {kind.version}.", "",
             "| поле | вид | обязательное | может быть пустым | смысл |",
             "|---|---|---|---|---|"]
    for name, field in kind.schema().fields.items():
        lines.append(f"| `{name}` | {field_kind(field)} | {'да' if field.required else 'нет'} "
                     f"| {'да' if field.allow_none else 'нет'} "
                     f"| {field.metadata.get('description', '')} |")
    return [*lines, ""]


def render_catalog() -> str:
    lines = ["# Каталог событий", "",
             "Создан командой `flask --app wsgi events catalog` из зарегистрированных схем; "
             "не правьте вручную.", "",
             "События не содержат персональных данных: только идентификаторы (псевдонимы), "
             "коды, варианты из списка, числа и даты.", ""]
    for kind in catalog():
        lines += _section(kind)
    return "\n".join(lines)


def write_catalog(path: Path = CATALOG_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_catalog(), encoding="utf-8")
    return path
