"""Hostile files for upload tests, built in memory: zip bombs and files that lie about
their kind."""

import functools
import io
import zipfile

from openpyxl import Workbook

BOMB_MEMBER_BYTES = 200 * 1024 * 1024


def xlsx_bytes(rows=(("Indicator",), ("People trained",))) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _with_zeros(base: bytes, member: str, size: int) -> bytes:
    """`base` (a ZIP) plus one member of `size` zero bytes, written in chunks."""
    output = io.BytesIO(base)
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(output, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(member, "w", force_zip64=True) as handle,
    ):
        for _ in range(size // len(chunk)):
            handle.write(chunk)
    return output.getvalue()


@functools.cache
def xlsx_bomb() -> bytes:
    """A genuine workbook (all its parts are there) with a 200 MB member of zeros: about
    200 KB on disk."""
    return _with_zeros(xlsx_bytes(), "xl/media/image1.bin", BOMB_MEMBER_BYTES)


@functools.cache
def docx_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return _with_zeros(output.getvalue(), "word/media/image1.bin", BOMB_MEMBER_BYTES)


def zip_with_names(*names: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return output.getvalue()


# An HTML page that claims to be something else by its name.
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
