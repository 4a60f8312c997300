"""Progress of long command-line work: done / total, rate per second and time left.

On a terminal the line is redrawn in place; elsewhere (CI logs, files) a full line is written
at most every `interval` seconds, so logs stay short.
"""

import sys
import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def _number(value: float) -> str:
    return f"{int(value):,}".replace(",", " ")


class Progress:
    """Count `unit`s done. `total` may be unknown; `fraction` (0..1, e.g. bytes read over the
    file size) then gives the time left."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "rows",
        stream: TextIO | None = None,
        interval: float = 0.5,
        clock=time.monotonic,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.fraction: float | None = None
        self._last_draw = 0.0
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    @property
    def elapsed(self) -> float:
        return max(self.clock() - self.started, 1e-9)

    @property
    def rate(self) -> float:
        return self.done / self.elapsed

    def eta(self) -> float | None:
        if self.total:
            remaining = self.total - self.done
            return remaining / self.rate if self.rate else None
        if self.fraction:
            return self.elapsed * (1 - self.fraction) / self.fraction
        return None

    def line(self) -> str:
        done = _number(self.done)
        if self.total:
            done = f"{done} / {_number(self.total)}"
        elif self.fraction is not None:
            done = f"{done} ({self.fraction:.0%})"
        parts = [f"{self.label}: {done} {self.unit}", f"{_number(self.rate)} {self.unit}/s"]
        eta = self.eta()
        if eta is not None:
            parts.append(f"ETA {_duration(eta)}")
        return " · ".join(parts)

    def advance(self, count: int = 1, *, fraction: float | None = None) -> None:
        self.done += count
        if fraction is not None:
            self.fraction = min(max(fraction, 0.0), 1.0)
        now = self.clock()
        if now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw()

    def _draw(self, *, final: bool = False) -> None:
        if self._tty:
            self.stream.write("\r\033[K" + self.line() + ("\n" if final else ""))
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.total is None and self.fraction is not None:
            self.fraction = 1.0
        self._draw(final=True)
