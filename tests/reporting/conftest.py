import io

import pytest
from pypdf import PdfReader

from mandates.services import mandate_create
from tests.security.test_redis_down import redis_down  # noqa: F401 — Redis unreachable, for real

ESSENTIALS = {
    "title": "Secrétariat de la gouvernance",
    "purpose": "Tenir le registre des décisions et préparer les ordres du jour.",
    "responsibilities": "Convoquer, rédiger les procès-verbaux, suivre les décisions.",
    "autonomy": "Choix des outils de secrétariat.",
    "scope": "Toutes les instances du consortium.",
    "composition": "Une personne de la structure porteuse.",
}


@pytest.fixture
def mandate(cast):
    return mandate_create(actor=None, consortium=cast.consortium_a, data={"kind": "secretary", **ESSENTIALS})


def pdf_text(document) -> str:
    document.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    return "\n".join(page.extract_text() for page in reader.pages)
