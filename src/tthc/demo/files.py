"""Small documents the demo data attaches (a scanned letter, a plan's evidence), generated in code.

:func:`demo_pdf` writes a one-page PDF (A4, Helvetica) with a few lines of text: a real PDF that a viewer
opens and that the upload check (:mod:`tthc.core.uploads`) recognises by its content, in under a kilobyte.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

# The base 14 fonts need no embedding but cover no Vietnamese letters, so the text is ASCII: Vietnamese
# written without its marks, as a demo sample says it is.
_TOP, _LEFT, _LEADING = 770, 72, 18


def _text(line: str) -> str:
    line.encode("ascii")  # UnicodeEncodeError for text the font cannot show
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(*lines: str) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII), the first as a heading."""
    shown = []
    for number, line in enumerate(lines):
        size = 16 if number == 0 else 11
        shown.append(f"BT /F1 {size} Tf {_LEFT} {_TOP - number * _LEADING} Td ({_text(line)}) Tj ET")
    content = "\n".join(shown).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, value in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, value)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)


def demo_upload(name: str, *lines: str) -> ContentFile:
    """:func:`demo_pdf` as an upload named ``name``, for a capability's services to check and store."""
    return ContentFile(demo_pdf(*lines), name=name)
