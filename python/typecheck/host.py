"""A host typed by the stub `cargo wasmbind bindgen --lang python` wrote
for the tour plugin (tour.pyi, beside this file): mypy checks every call
and the host's methods against the plugin's own types."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import wasmbind

if TYPE_CHECKING:
    from tour import EnvHost, Point, TourPlugin


class Env:
    def __init__(self) -> None:
        self.shared = 0

    def log(self, msg: str, /) -> None:
        print(msg)

    def shared_value(self) -> int:
        return self.shared

    def set_shared_value(self, value: int, /) -> None:
        self.shared = value

    def get(self, key: str, /) -> str | None:
        return "Howdy" if key == "greeting" else None

    def number(self, key: str, /) -> wasmbind.Ok[int] | wasmbind.Err[str]:
        return wasmbind.Ok(42) if key == "answer" else wasmbind.Err(f"{key} is not a number")

    def require(self, key: str, /) -> str:
        raise wasmbind.Trap(f"no {key}")


def run(path: str) -> Point:
    env: EnvHost = Env()
    tour = cast("TourPlugin", wasmbind.load(path, host={"env": env}))
    total: int = tour.just_add(1, 2)
    area = tour.area(tour.types.Shape.Circle(2.0))
    text = f"area {area.value}" if isinstance(area, wasmbind.Ok) else f"no area: {area.error}"
    print(total, text, tour.greet("Ada"))
    return tour.point_add(tour.types.Point(1, 2), tour.types.Point(3, 4))
