"""One form context, three outputs: the print-ready HTML page, the PDF (WeasyPrint) and the DOCX (docxtpl).

The HTML page and the PDF come from the same template ``dossiers/printforms/formNN.html``, which extends
either the staff layout (with the print button) or a bare page; the DOCX comes from the generated template of
:mod:`.docx_templates` filled with the same context.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from tthc.dossiers.printforms import docx_templates
from tthc.dossiers.printforms.context import qr_png

HTML_BASE = "dossiers/printforms/page_html.html"
PDF_BASE = "dossiers/printforms/page_pdf.html"
# The PDF is laid out offline: relative URLs resolve against this base and only static files are served.
PDF_BASE_URL = "https://tthc.invalid/"


def template_name(number: str) -> str:
    return f"dossiers/printforms/form{number}.html"


def html(context: dict, *, request=None, extra: dict | None = None) -> str:
    """The form as a staff page (layout, print button, links to the PDF and DOCX)."""
    return render_to_string(
        template_name(context["form"]), {**context, **(extra or {}), "base": HTML_BASE}, request=request
    )


def pdf_html(context: dict) -> str:
    """The bare HTML the PDF is made from (same template, no page chrome)."""
    return render_to_string(template_name(context["form"]), {**context, "base": PDF_BASE})


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Serves ``STATIC_URL`` paths from the static finders and ``data:`` URLs; refuses the network."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if found:
                    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        Path(found).as_uri(), Path(found).read_bytes(), {"Content-Type": content_type}
                    )
            raise ValueError(f"Tệp {url[:200]} không có trong tệp tĩnh của hệ thống; PDF không tải từ mạng.")

    return StaticFilesOnly()


def pdf(context: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=pdf_html(context), base_url=PDF_BASE_URL, url_fetcher=_static_fetcher()).write_pdf()


def docx(context: dict) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template = DocxTemplate(io.BytesIO(docx_templates.template_bytes(context["form"])))
    values = {key: value for key, value in context.items() if key != "qr_svg"}
    if context.get("qr_text"):
        values["qr"] = InlineImage(template, io.BytesIO(qr_png(context["qr_text"])), width=Mm(24))
    # autoescape: an applicant's "<" or "&" must stay text in the document's XML.
    template.render(values, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
