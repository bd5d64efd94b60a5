"""Python values for the wire types that Python has no one spelling for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Ok(Generic[T]):
    """``Ok(value)`` of a ``Result``."""
    value: T


@dataclass(frozen=True)
class Err(Generic[T]):
    """``Err(error)`` of a ``Result``."""
    error: T


@dataclass(frozen=True)
class Some(Generic[T]):
    """``Some(value)`` of an ``Option`` where a bare value would be ambiguous:
    results decode ``Option<()>`` and ``Option<Option<T>>`` with it, and
    arguments accept it for any ``Option``."""
    value: T


@dataclass(frozen=True)
class GuestPtr:
    """A ``GuestPtr<T>``: the address of a ``T`` in the plugin's memory.
    ``plugin.read(ptr)`` and ``plugin.write(ptr, value)`` use it."""
    address: int
    ty: Any
    codec: Any = field(default=None, compare=False, repr=False)

    def __int__(self) -> int:
        return self.address


class Trap(Exception):
    """Raised by a host function declared ``-> Result<T, Trap>`` to stop the
    plugin's call; the host's call into the plugin then raises a
    :class:`wasmbind.Error` of kind ``"host_trap"`` with this message."""
