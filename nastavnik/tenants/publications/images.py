"""The picture of a news item: PNG or JPEG of at most 5 MB, judged by its bytes with the
documents' scan checks (``tenants/documents/scans.py``), a PDF refused."""

from __future__ import annotations

from nastavnik.platform.rejections import Rejected
from nastavnik.tenants.documents.scans import checked_content_type

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg")
NOT_AN_IMAGE = "Картинка должна быть файлом PNG или JPEG."


def checked_image(data: bytes, declared_type: str | None) -> str:
    """The picture's content type, or a refusal on the ``image`` field."""
    if len(data) > IMAGE_MAX_BYTES:
        raise Rejected({"image": ["Картинка больше 5 МБ. Уменьшите её размер."]})
    try:
        content_type = checked_content_type(data, declared_type)
    except Rejected as refusal:
        raise Rejected({"image": refusal.messages["scan"]}) from None
    if content_type not in IMAGE_TYPES:
        raise Rejected({"image": [NOT_AN_IMAGE]})
    return content_type
