"""The kinds of normative documents a school keeps, with their Russian names: one place."""

import enum


class DocumentKind(enum.StrEnum):
    REGULATION_ORDER = "regulation_order"
    REGULATION = "regulation"
    ROADMAP = "roadmap"
    PAIR_ORDER = "pair_order"
    PROGRAM_TEMPLATE = "program_template"
    FINAL_EVENT_ORDER = "final_event_order"
    CURATOR_ORDER = "curator_order"
    ENCOURAGEMENT_ORDER = "encouragement_order"
    FINAL_EVENT_PROTOCOL = "final_event_protocol"
    ANALYTICAL_NOTE = "analytical_note"

    @property
    def label(self) -> str:
        return KIND_LABEL[self]

    @property
    def is_order(self) -> bool:
        """Orders (приказы) get the ГОСТ Р 7.0.97 requisites and the director's signature."""
        return self in ORDERS


# In the order they appear in the school's work (DOMAIN.md, "The school's documents").
KIND_LABEL = {
    DocumentKind.REGULATION_ORDER: "Приказ об утверждении Положения о наставничестве",
    DocumentKind.REGULATION: "Положение о системе наставничества",
    DocumentKind.ROADMAP: "Дорожная карта (план мероприятий)",
    DocumentKind.PAIR_ORDER: "Приказ о закреплении наставнических пар/групп",
    DocumentKind.PROGRAM_TEMPLATE: "Шаблон персонализированной программы наставничества",
    DocumentKind.FINAL_EVENT_ORDER: "Приказ о проведении итогового мероприятия",
    # Regional forms ask for both: the curator may be appointed by an order of their own
    # (not only by the order approving the Regulation), and mentors are encouraged by one.
    DocumentKind.CURATOR_ORDER: "Приказ о назначении куратора наставничества",
    DocumentKind.ENCOURAGEMENT_ORDER: "Приказ о поощрении наставников",
    # The final event's record and the year's summary (roadmap 6.3), from the event.
    DocumentKind.FINAL_EVENT_PROTOCOL: "Протокол итогового мероприятия",
    DocumentKind.ANALYTICAL_NOTE: "Аналитическая справка по итогам реализации программ "
                                  "наставничества",
}

ORDERS = frozenset({DocumentKind.REGULATION_ORDER, DocumentKind.PAIR_ORDER,
                    DocumentKind.FINAL_EVENT_ORDER, DocumentKind.CURATOR_ORDER,
                    DocumentKind.ENCOURAGEMENT_ORDER})

KIND_CODES = [kind.value for kind in DocumentKind]


class DocumentStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {DocumentStatus.DRAFT: "Черновик", DocumentStatus.APPROVED: "Утверждён"}[self]
