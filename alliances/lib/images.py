"""Checks and prepares uploaded logos: judged by their content, never by their name."""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> file extension of the formats a logo may use.
LOGO_FORMATS: dict[str, str] = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
LOGO_MAX_SIDE = 4000
# Logos are shown small; a stored copy no larger than this keeps pages light.
LOGO_STORED_SIDE = 512


def format_size(size: int) -> str:
    """A file size for people: "800 KB", "1.5 MB", with the active language's decimal mark."""
    if size >= 1024 * 1024:
        value, template = size / (1024 * 1024), _("%(size)s MB")
    else:
        value, template = size / 1024, _("%(size)s KB")
    value = round(value, 1)
    number = number_format(value, decimal_pos=0 if value == int(value) else 1)
    return template % {"size": number}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return LOGO_FORMATS[self.format]


def _looks_like_svg(file, head: bytes) -> bool:
    name = (getattr(file, "name", "") or "").lower()
    return name.endswith((".svg", ".svgz")) or b"<svg" in head.lower()


def _refuse_unknown(file, head: bytes):
    if _looks_like_svg(file, head):
        return ValidationError(
            _("SVG files are not accepted. Please export your logo as PNG, JPEG or WEBP."),
            code="logo_svg",
        )
    return ValidationError(
        _("This file is not an image in a format we accept. Please use PNG, JPEG or WEBP."),
        code="logo_format",
    )


def validate_logo(file) -> ImageInfo:
    """Return the format and size of an acceptable logo, or raise ValidationError.

    Accepted: PNG, JPEG or WEBP, at most settings.LOGO_MAX_BYTES, at most
    LOGO_MAX_SIDE pixels on each side. The file is left at its start.
    """
    max_bytes = settings.LOGO_MAX_BYTES
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if size > max_bytes:
        raise ValidationError(
            _("This file weighs %(size)s; a logo may weigh at most %(limit)s.")
            % {"size": format_size(size), "limit": format_size(max_bytes)},
            code="logo_too_heavy",
        )
    if size == 0:
        raise ValidationError(_("This file is empty."), code="logo_empty")
    file.seek(0)
    head = file.read(512)
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely logged.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                if image_format not in LOGO_FORMATS:
                    raise _refuse_unknown(file, head)
                if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
                    raise _too_large(width, height)
                image.verify()
            # verify() leaves the image unusable: reopen to read what will be stored.
            file.seek(0)
            with Image.open(file) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large(None, None) from exc
    except UnidentifiedImageError as exc:
        raise _refuse_unknown(file, head) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        # Pillow reports truncated or corrupt data with these.
        raise ValidationError(
            _("This image is damaged or incomplete. Please export it again."),
            code="logo_damaged",
        ) from exc
    finally:
        file.seek(0)
    if width < 1 or height < 1:
        raise _too_large(width, height)
    return ImageInfo(format=image_format, width=width, height=height)


def _too_large(width: int | None, height: int | None) -> ValidationError:
    if width is None:
        message = _("This image is far too large. A logo may measure at most %(max)s pixels.")
        return ValidationError(
            message % {"max": f"{LOGO_MAX_SIDE}×{LOGO_MAX_SIDE}"}, code="logo_dimensions"
        )
    return ValidationError(
        _("This image measures %(width)s×%(height)s pixels; a logo may measure at most %(max)s.")
        % {"width": width, "height": height, "max": f"{LOGO_MAX_SIDE}×{LOGO_MAX_SIDE}"},
        code="logo_dimensions",
    )


def logo_for_storage(file, info: ImageInfo) -> ContentFile:
    """Re-encode a validated logo: upright, at most LOGO_STORED_SIDE pixels, same format.

    Re-encoding drops metadata (a phone photo's EXIF can hold where it was taken) and
    anything hidden after the image data.
    """
    file.seek(0)
    with Image.open(file) as image:
        image.seek(0)
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE))
        if info.format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        elif info.format == "WEBP" and upright.mode not in ("RGB", "RGBA"):
            upright = upright.convert("RGBA")
        output = io.BytesIO()
        options = {"optimize": True} if info.format in ("PNG", "JPEG") else {}
        if info.format in ("JPEG", "WEBP"):
            options["quality"] = 90
        upright.save(output, format=info.format, **options)
    file.seek(0)
    return ContentFile(output.getvalue())
