"""Consent events: who (pseudonym) and for which bank; never the form's details."""

from marshmallow import fields
from marshmallow.validate import OneOf

from nastavnik.platform.events import EventPayload, event_type
from nastavnik.tenants.consents.purposes import SHARED_FIELDS

BANKS = ["mentees", "mentors"]


@event_type("consent.given", "Педагог дал согласие на обработку персональных данных для банка")
class ConsentGiven(EventPayload):
    teacher = fields.UUID(required=True)
    bank = fields.String(required=True, validate=OneOf(BANKS))


@event_type("consent.withdrawn", "Педагог отозвал согласие; обработка его данных прекращена")
class ConsentWithdrawn(EventPayload):
    teacher = fields.UUID(required=True)
    bank = fields.String(required=True, validate=OneOf(BANKS))


@event_type("consent.network_given",
            "Наставник согласился на сетевое наставничество и выбрал, какие сведения показать "
            "другим школам")
class NetworkConsentGiven(EventPayload):
    teacher = fields.UUID(required=True)
    shared = fields.List(fields.String(validate=OneOf(list(SHARED_FIELDS))), required=True)


@event_type("consent.network_withdrawn", "Наставник отозвал согласие на сетевое наставничество")
class NetworkConsentWithdrawn(EventPayload):
    teacher = fields.UUID(required=True)


@event_type("consent.publication_given",
            "Педагог согласился на публикацию своих фамилии, имени, отчества в открытом "
            "разделе «Наставничество»")
class PublicationConsentGiven(EventPayload):
    teacher = fields.UUID(required=True)


@event_type("consent.publication_withdrawn",
            "Педагог отозвал согласие на публикацию своего имени в открытом разделе")
class PublicationConsentWithdrawn(EventPayload):
    teacher = fields.UUID(required=True)
