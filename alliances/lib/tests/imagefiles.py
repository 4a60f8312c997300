"""Small image files built in memory for tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save_options) -> bytes:
    mode = "RGB" if fmt == "JPEG" else "RGBA"
    image = Image.new(mode, size, (200, 40, 40) if mode == "RGB" else (200, 40, 40, 255))
    output = io.BytesIO()
    image.save(output, format=fmt, **save_options)
    return output.getvalue()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_upload(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save_options):
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return upload(image_bytes(fmt, size, **save_options), f"logo.{extension}", CONTENT_TYPES[fmt])


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces width×height pixels, without the pixels behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )
