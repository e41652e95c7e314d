"""The dashboard's two charts as SVG geometry (drawn by the template; no inline style, which the CSP forbids):
envelope use per consortium (planned and spent against the envelope) and personnel share (planned and spent
against the rule's minimum)."""

from decimal import Decimal

LABEL_WIDTH = 230
BAR_AREA = 420
ROW_HEIGHT = 34
TOP = 24


def _width(fraction, scale: Decimal) -> int:
    if not fraction:
        return 0
    return int(min(Decimal(fraction), scale) / scale * BAR_AREA)


def _chart(rows, first, second, scale: Decimal, marker: Decimal) -> dict:
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        bars.append(
            {
                "row": row,
                "y": y,
                "text_y": y + 12,
                "first": _width(first(row), scale),
                "first_value": first(row),
                "second": _width(second(row), scale),
                "second_value": second(row),
                "second_y": y + 14,
            }
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + 70,
        "height": TOP + len(rows) * ROW_HEIGHT + 10,
        "left": LABEL_WIDTH,
        "marker_x": LABEL_WIDTH + _width(marker, scale),
        "end_x": LABEL_WIDTH + BAR_AREA,
        "marker": marker,
        "scale": scale,
    }


def envelope_chart(rows) -> dict:
    """Bars to 120 % of the envelope (a budget over its envelope shows past the 100 % line)."""
    return _chart(rows, lambda r: r.envelope_use, lambda r: r.actual_use, Decimal("1.2"), Decimal("1"))


def personnel_chart(rows, minimum: Decimal) -> dict:
    return _chart(rows, lambda r: r.personnel_share, lambda r: r.personnel_share_actual, Decimal("1"), minimum)
