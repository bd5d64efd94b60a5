"""Calls the tour plugin with the wrong types: mypy must refuse every line
marked `error`, against the stub in tour.pyi."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import wasmbind

if TYPE_CHECKING:
    from tour import TourPlugin


def wrong(path: str) -> None:
    tour = cast("TourPlugin", wasmbind.load(path))
    tour.greet(42)  # error: a number is not a &str
    tour.just_add("1", 2)  # error: u64 is an int
    tour.point_add(tour.types.Point(1), tour.types.Point(3, 4))  # error: Point needs y
    tour.area(3)  # error: not a Shape
