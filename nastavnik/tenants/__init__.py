"""One school's work, a package per capability. Each registers itself here."""

from flask import Flask


def init_app(app: Flask) -> None:
    from nastavnik.tenants import (
        banks,
        consents,
        documents,
        final_event,
        matching,
        monitoring,
        network,
        pairs,
        practices,
        programs,
        publications,
        questionnaires,
        roadmap,
        teachers,
        training,
    )

    teachers.init_app(app)
    questionnaires.init_app(app)
    consents.init_app(app)
    banks.init_app(app)
    pairs.init_app(app)
    programs.init_app(app)
    matching.init_app(app)
    roadmap.init_app(app)
    documents.init_app(app)
    training.init_app(app)
    network.init_app(app)
    practices.init_app(app)
    publications.init_app(app)
    monitoring.init_app(app)
    final_event.init_app(app)
    # The documents print other capabilities' rows without importing their internals.
    documents.register_pair_rows(pairs.services.pair_rows)
    documents.register_order_pairs(pairs.services.pairs_to_fix, pairs.services.fix_pairs)
    documents.register_roadmap_rows(roadmap.services.document_rows)
    documents.register_final_event(final_event.documents.final_event_facts)
    documents.register_encouraged_mentors(final_event.documents.encouraged_mentors)
