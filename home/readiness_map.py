"""A hex cartogram of England's councils for /readiness/, drawn on the server as SVG.

Each region is a block of hexes placed roughly where it lies (the layout below is the hub's
own, made for this view, and under the hub's licence); inside a block, councils run in
alphabetical order. The table beside it says the same in words: this is its picture.
"""

import math
from dataclasses import dataclass

RADIUS = 13
WIDTH = math.sqrt(3) * RADIUS
ROW_HEIGHT = 1.5 * RADIUS
MARGIN = 16
# region: (first column, first row, hexes per row)
LAYOUT = {
    "North East": (6, 0, 4),
    "North West": (1, 3, 5),
    "Yorkshire and the Humber": (7, 3, 5),
    "East Midlands": (7, 7, 3),
    "West Midlands": (2, 9, 4),
    "East of England": (11, 9, 4),
    "London": (8, 13, 6),
    "South West": (0, 14, 4),
    "South East": (7, 20, 5),
}
COLUMNS = 16
ROWS = 24


@dataclass(frozen=True)
class Hex:
    row: object
    points: str
    x: float
    y: float
    shown: bool


def _centre(column, row):
    x = MARGIN + WIDTH / 2 + column * WIDTH + (WIDTH / 2 if row % 2 else 0)
    return x, MARGIN + RADIUS + row * ROW_HEIGHT


def _points(x, y):
    corners = []
    for n in range(6):
        angle = math.radians(60 * n - 30)
        corners.append(f"{x + RADIUS * math.cos(angle):.1f},{y + RADIUS * math.sin(angle):.1f}")
    return " ".join(corners)


def hexes(all_rows, *, shown_ids):
    """A hex per council in a region of the layout; councils elsewhere are left to the table."""
    placed, seen = [], {}
    for row in sorted(all_rows, key=lambda r: r.name.lower()):
        layout = LAYOUT.get(row.region)
        if layout is None:
            continue
        first_column, first_row, per_row = layout
        index = seen.get(row.region, 0)
        seen[row.region] = index + 1
        x, y = _centre(first_column + index % per_row, first_row + index // per_row)
        placed.append(Hex(row, _points(x, y), x, y, row.organisation.pk in shown_ids))
    return placed


def size():
    return (
        round(MARGIN * 2 + WIDTH * (COLUMNS + 0.5)),
        round(MARGIN * 2 + RADIUS * 2 + ROW_HEIGHT * (ROWS - 1)),
    )
