"""Checks of uploaded files by their content, never by their name or the browser's claim.

Office Open XML (.xlsx, .docx, .pptx) and OpenDocument files are ZIP archives. `check_zip`
opens the archive's directory, without decompressing anything, and refuses it before
openpyxl, python-docx or pyxform read a byte of its members: when the members would expand
to more than ZIP_MAX_TOTAL_BYTES, when a large member is compressed more than ZIP_MAX_RATIO
times (a "zip bomb"), when there are more than ZIP_MAX_MEMBERS members, or when a member's
name is absolute or climbs out with "..". Python's zipfile never writes more than a member's
declared size, so the declared sizes checked here bound what the readers can produce.

`content_matches` says whether a file's first bytes (or, for archives, its parts) are those
of the kind its extension announces.
"""

import codecs
import io
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP_MAX_TOTAL_BYTES = 50 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 1000
# XML compresses very well: a small member cannot hurt, whatever its ratio.
ZIP_RATIO_FLOOR = 1024 * 1024

OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPENDOCUMENT_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "rtf": (b"{\\rtf",),
    "doc": (OLE,),
    "xls": (OLE,),
    "ppt": (OLE,),
}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
TEXT_EXTENSIONS = {"csv", "txt"}
ZIP_EXTENSIONS = {*OOXML_PARTS, *OPENDOCUMENT_TYPES}


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        return True
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." in parts


def check_zip(
    source,
    *,
    max_total: int = ZIP_MAX_TOTAL_BYTES,
    max_ratio: int = ZIP_MAX_RATIO,
    max_members: int = ZIP_MAX_MEMBERS,
) -> list[str]:
    """The member names of a safe ZIP archive (bytes or a seekable file, left at its start),
    or a ValidationError saying in plain words why it is refused."""
    file = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _refused(
            _("This file is damaged: it cannot be opened. Save it again, then try again."),
            "zip_damaged",
        ) from exc
    finally:
        file.seek(0)
    if len(members) > max_members:
        raise _refused(
            _("This file holds far too many parts for a document: it was refused for safety."),
            "zip_members",
        )
    bomb = _refused(
        _(
            "This file would expand to far more data than a real document holds: it was "
            "refused for safety. Save it again from the program that made it."
        ),
        "zip_bomb",
    )
    total = 0
    for member in members:
        if _unsafe_name(member.filename):
            raise _refused(
                _("This file holds parts with unsafe names: it was refused for safety."),
                "zip_names",
            )
        total += member.file_size
        if total > max_total:
            raise bomb
        if member.file_size > ZIP_RATIO_FLOOR and (
            member.file_size > max_ratio * max(member.compress_size, 1)
        ):
            raise bomb
    return [member.filename for member in members]


def refuse_unsafe_zip(source) -> None:
    """`check_zip` for callers that report damaged archives in their own words: only a
    readable but unsafe archive raises."""
    try:
        check_zip(source)
    except ValidationError as exc:
        if exc.code != "zip_damaged":
            raise


def is_text(file) -> bool:
    """UTF-8 (what most programs write) or Windows-1252 (what older Excel writes), no NUL."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = cp1252 = True
    file.seek(0)
    while chunk := file.read(64 * 1024):
        if b"\x00" in chunk:
            return False
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        if cp1252:
            try:
                chunk.decode("cp1252")
            except UnicodeDecodeError:
                cp1252 = False
        if not (utf8 or cp1252):
            return False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return utf8 or cp1252


def _zip_is(file, extension: str) -> bool:
    """Whether a (checked, safe) archive holds the parts of its kind."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if extension in OOXML_PARTS:
                return "[Content_Types].xml" in names and OOXML_PARTS[extension] in names
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as member:
                declared = member.read(200).decode("ascii", "replace").strip()
            return declared == OPENDOCUMENT_TYPES[extension]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        return False


def content_matches(file, extension: str) -> bool:
    """Whether the content of `file` is of the kind its extension announces.

    ZIP-based kinds go through `check_zip` first, so an unsafe archive raises its
    ValidationError. Unknown extensions never match. The file is left at its start.
    """
    extension = extension.lower().lstrip(".")
    file.seek(0)
    try:
        head = file.read(16)
        if extension in MAGIC:
            return head.startswith(MAGIC[extension])
        if extension == "webp":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if extension == "heic":
            return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS
        if extension in TEXT_EXTENSIONS:
            return is_text(file)
        if extension in ZIP_EXTENSIONS:
            if not head.startswith(b"PK\x03\x04"):
                return False
            refuse_unsafe_zip(file)
            return _zip_is(file, extension)
        return False
    finally:
        file.seek(0)
