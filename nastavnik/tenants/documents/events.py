"""Events of the school's documents: ids, kinds and years only (no names, no texts)."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, Requisite, event_type
from nastavnik.tenants.documents.kinds import KIND_CODES


def _kind():
    return fields.String(required=True, validate=OneOf(KIND_CODES))


@event_type("document.created", "Создан документ школы (черновик или новая редакция)")
class DocumentCreated(EventPayload):
    document = fields.Integer(required=True)
    kind = _kind()
    academic_year = fields.Integer(required=True)


@event_type("document.approved", "Документ школы утверждён руководителем", version=2)
class DocumentApproved(EventPayload):
    document = fields.Integer(required=True)
    kind = _kind()
    academic_year = fields.Integer(required=True)
    number = Requisite(metadata={"description": "v2: номер документа (если он записан "
                                                "буквами, цифрами и знаками «-», «/», «.»)"})
    date = fields.Date(metadata={"description": "v2: дата документа"})
    approved_on = fields.Date(metadata={"description": "v2: день утверждения (по часам школы)"})
    pairs = fields.List(fields.Integer(), metadata={
        "description": "v2: пары и группы, закреплённые этим приказом"})


@event_type("document.scan_uploaded", "Загружен скан подписанного документа")
class DocumentScanUploaded(EventPayload):
    document = fields.Integer(required=True)
    kind = _kind()


@event_type("document.text_changed", "Школа изменила текст документа (или вернула текст платформы)")
class DocumentTextChanged(EventPayload):
    kind = _kind()
