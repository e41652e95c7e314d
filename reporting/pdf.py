"""HTML → PDF with WeasyPrint, for every generated document (reporting/documents.py).

- Only the vendored assets in `static/pdf/` (stylesheet, fonts) can be loaded: a URL typed in a text (a Markdown
  image, a link) never makes the renderer read a file or call the network.
- The fonts are checked before rendering: a missing font fails the job with a message, instead of a PDF quietly set
  in a fallback font that differs from machine to machine.
- The output is WeasyPrint's PDF/UA-1 variant (tagged, with a document title and language) for screen readers.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ols_platform.errors import DomainError

ASSETS = Path(settings.BASE_DIR) / "static" / "pdf"
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
PDF_VARIANT = "pdf/ua-1"


class RenderError(DomainError):
    """A document could not be rendered; the message is for the person who asked for it."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def render_pdf(template, context: dict, *, on_layout=None) -> RenderedPdf:
    """The PDF of `template` (a template name, or a template object) rendered with `context`. `on_layout(pages)` is
    called between layout and writing (the two long steps), for progress reporting."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s, only renders need it

    check_fonts()
    context = {**context, "pdf_assets": ASSETS.as_uri()}
    html = render_to_string(template, context) if isinstance(template, str) else template.render(context)
    html = french_typography(html)
    # Links in the text point to the platform (SITE_URL); the stylesheet and fonts are named by file URL (base.html).
    base_url = f"{settings.SITE_URL.rstrip('/')}/" if settings.SITE_URL else None
    document = HTML(string=html, base_url=base_url, url_fetcher=AssetsOnlyFetcher()).render(pdf_variant=PDF_VARIANT)
    if on_layout is not None:
        on_layout(len(document.pages))
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPdf(content=content, pages=len(document.pages))


def check_fonts() -> None:
    for name in FONTS:
        if not (ASSETS / "fonts" / name).is_file():
            raise RenderError(
                _("La police « %(font)s » est introuvable sur le serveur : le document n'a pas été produit.")
                % {"font": name},
                code="font_missing",
            )


def _fetcher_base():
    from weasyprint.urls import URLFetcher

    return URLFetcher


class AssetsOnlyFetcher(_fetcher_base()):
    """Loads `file:` URLs inside `static/pdf/` only; anything else (other files, http, data) is refused."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme != "file" or not path.is_relative_to(ASSETS.resolve()):
            raise ValueError(f"Refused outside the PDF assets: {url[:200]}")
        return super().fetch(url, headers)


# French typography: the space typed before ; : ! ? » and after « becomes a narrow no-break space, so the mark never
# starts a line. Only an existing space is replaced (no space is invented: "https://", "10:30" stay as typed), and only
# in text, never inside a tag.
_SPACE_BEFORE = re.compile(r"[ \u00a0]+([;:!?»])")
_SPACE_AFTER = re.compile(r"«[ \u00a0]+")
_TAG = re.compile(r"(<[^>]*>)")


def french_typography(html: str) -> str:
    parts = _TAG.split(str(html))
    for index in range(0, len(parts), 2):  # the even parts are text, the odd ones tags
        parts[index] = _SPACE_AFTER.sub("«\u202f", _SPACE_BEFORE.sub("\u202f\\1", parts[index]))
    return "".join(parts)
