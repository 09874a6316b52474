"""Events of publications: ids, dates and counts only; the title and the text are the
school's free words and stay out of the log."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.documents.kinds import KIND_CODES


@event_type("publication.published",
            "Куратор опубликовал новость о наставничестве в открытом разделе школы")
class PublicationPublished(EventPayload):
    publication = fields.Integer(required=True)
    dated = fields.Date(required=True)
    image = fields.Boolean(required=True)
    links = fields.Integer(required=True)


@event_type("publication.withdrawn",
            "Куратор снял новость с публикации (она снова черновик)")
class PublicationWithdrawn(EventPayload):
    publication = fields.Integer(required=True)


@event_type("publication.document_shown",
            "Куратор открыл утверждённый документ в открытом разделе школы")
class DocumentShown(EventPayload):
    kind = fields.String(required=True, validate=OneOf(KIND_CODES))
    academic_year = fields.Integer(required=True)


@event_type("publication.document_hidden",
            "Куратор убрал документ из открытого раздела школы")
class DocumentHidden(EventPayload):
    kind = fields.String(required=True, validate=OneOf(KIND_CODES))
    academic_year = fields.Integer(required=True)
