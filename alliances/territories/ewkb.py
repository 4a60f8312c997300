"""A small decoder of (E)WKB geometries, as PostGIS writes them in hexadecimal: enough of it
to place a commune (a point, or the area-weighted centroid of its outline) without GEOS."""

import math
import struct
from dataclasses import dataclass

_WKB_POINT, _WKB_POLYGON, _WKB_MULTIPOLYGON = 1, 3, 6


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def take(self, fmt: str):
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += struct.calcsize(fmt)
        return values


def _header(cursor: _Cursor) -> tuple[str, int, int]:
    """Byte order, base geometry type and coordinate count of the geometry at the cursor."""
    (order,) = cursor.take("B")
    if order not in (0, 1):
        raise ValueError(f"bad byte order {order}")
    endian = "<" if order == 1 else ">"
    (kind,) = cursor.take(endian + "I")
    dims = 2 + bool(kind & 0x80000000) + bool(kind & 0x40000000)
    if kind & 0x20000000:
        cursor.take(endian + "I")  # the SRID: always WGS 84 in these files
    kind &= 0x0FFFFFFF
    if kind >= 1000:  # ISO WKB says Z and M with thousands instead of flags
        dims = 2 + {1: 1, 2: 1, 3: 2}.get(kind // 1000, 0)
        kind %= 1000
    return endian, kind, dims


@dataclass
class Shape:
    """What the import needs of a geometry: a representative point and the bounding box."""

    longitude: float
    latitude: float
    bbox: tuple[float, float, float, float]  # west, south, east, north

    def contains(self, longitude: float, latitude: float, *, margin: float = 0.0) -> bool:
        west, south, east, north = self.bbox
        return (
            west - margin <= longitude <= east + margin
            and south - margin <= latitude <= north + margin
        )


class _Sums:
    """Area-weighted centroid sums (shoelace) and bounding box over the rings read so far."""

    def __init__(self) -> None:
        self.area = self.x = self.y = 0.0
        self.west = self.south = math.inf
        self.east = self.north = -math.inf

    def ring(self, cursor: _Cursor, endian: str, dims: int, *, hole: bool) -> None:
        (count,) = cursor.take(endian + "I")
        end = cursor.offset + count * 8 * dims
        if end > len(cursor.data):
            raise ValueError("ring runs past the end of the geometry")
        fmt = endian + "d" * dims
        points = [p[:2] for p in struct.iter_unpack(fmt, cursor.data[cursor.offset : end])]
        cursor.offset = end
        if not points:
            return
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        # Orientation varies between producers: the sign comes from the ring's role.
        sign = (1 if area >= 0 else -1) * (-1 if hole else 1)
        self.area += sign * area / 2
        self.x += sign * cx / 6
        self.y += sign * cy / 6
        if not hole:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            self.west, self.east = min(self.west, *xs), max(self.east, *xs)
            self.south, self.north = min(self.south, *ys), max(self.north, *ys)

    def polygon(self, cursor: _Cursor, endian: str, dims: int) -> None:
        (rings,) = cursor.take(endian + "I")
        for index in range(rings):
            self.ring(cursor, endian, dims, hole=index > 0)


def decode_ewkb(hex_text: str) -> Shape:
    """Decode a hex (E)WKB point, polygon or multipolygon in longitude/latitude: a point is
    its own centre; a surface gets its area-weighted centroid. Raises ValueError on any
    other geometry and on malformed input."""
    try:
        cursor = _Cursor(bytes.fromhex(hex_text))
        endian, kind, dims = _header(cursor)
        if kind == _WKB_POINT:
            x, y = cursor.take(endian + "d" * dims)[:2]
            if math.isnan(x) or math.isnan(y):
                raise ValueError("empty point")
            return Shape(x, y, (x, y, x, y))
        sums = _Sums()
        if kind == _WKB_POLYGON:
            sums.polygon(cursor, endian, dims)
        elif kind == _WKB_MULTIPOLYGON:
            (count,) = cursor.take(endian + "I")
            for _ in range(count):
                inner_endian, inner_kind, inner_dims = _header(cursor)
                if inner_kind != _WKB_POLYGON:
                    raise ValueError(f"multipolygon holds geometry type {inner_kind}")
                sums.polygon(cursor, inner_endian, inner_dims)
        else:
            raise ValueError(f"unsupported geometry type {kind}")
    except struct.error as exc:
        raise ValueError(f"truncated geometry ({exc})") from exc
    if sums.area == 0:
        raise ValueError("geometry without area")
    return Shape(
        sums.x / sums.area, sums.y / sums.area, (sums.west, sums.south, sums.east, sums.north)
    )


def ewkb_centroid(hex_text: str) -> tuple[float, float]:
    """(longitude, latitude) of a point, or the centroid of a polygon or multipolygon."""
    shape = decode_ewkb(hex_text)
    return shape.longitude, shape.latitude


def plausible(longitude: float, latitude: float) -> bool:
    """False for impossible positions and for (0, 0), which some town halls carry for
    'unknown'."""
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        return False
    return abs(longitude) > 1e-6 or abs(latitude) > 1e-6
