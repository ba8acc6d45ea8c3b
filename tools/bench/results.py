"""What a run found: one entry per figure and size, the table and bench-results.json."""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .figures import FIGURES

SCHEMA_KEYS = ("name", "figure", "size", "value", "unit", "baseline", "ratio", "goal", "met")


@dataclass
class Result:
    figure: str
    size: int
    value: float | None  # None: the measurement failed (error says why)
    baseline: float | None = None
    runs: dict[str, list[float]] = field(default_factory=dict)  # every run of each side
    error: str | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.figure}@{self.size}"

    @property
    def ratio(self) -> float | None:
        """value / baseline: below 1 the app is faster (or smaller) than its baseline."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool:
        return (
            self.value is not None
            and self.error is None
            and FIGURES[self.figure].met(self.value, self.ratio, self.size)
        )

    def to_json(self) -> dict[str, Any]:
        fig = FIGURES[self.figure]
        return {
            "name": self.name,
            "figure": self.figure,
            "size": self.size,
            "value": _round(self.value),
            "unit": fig.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio),
            "goal": fig.goal,
            "met": self.met,
            "what": fig.what,
            "runs": {side: [_round(v) for v in values] for side, values in self.runs.items()},
            "error": self.error,
            "note": self.note,
        }


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4 if abs(v) < 10 else 1)


def _fmt(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if abs(v) < 10 else f"{v:,.0f}"


def table(results: list[Result]) -> str:
    """Markdown, so the README can show it as it is printed."""
    lines = [
        "| figure | size | value | baseline | ratio | goal | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        unit = FIGURES[r.figure].unit
        value = f"{_fmt(r.value)} {unit}" if r.value is not None else f"failed: {r.error}"
        base = f"{_fmt(r.baseline)} {unit}" if r.baseline is not None else "-"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        note = f" ({r.note})" if r.note else ""
        if r.error and r.value is not None:  # the baseline failed: say how
            base = f"failed: {r.error}"
        lines.append(
            f"| {r.figure}{note} | {r.size:,} | {value} | {base} | {ratio} | {FIGURES[r.figure].goal} | "
            f"{'yes' if r.met else 'NO'} |"
        )
    return "\n".join(lines)


def write(results: list[Result], path: Path) -> None:
    document = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sizes": sorted({r.size for r in results}),
        "repeat": os.environ.get("BENCH_REPEAT", "3"),
        "figures": [r.to_json() for r in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")


def load(path: Path) -> list[Result]:
    """The results of an earlier run, e.g. to print its table again."""
    entries = json.loads(path.read_text())["figures"]
    return [
        Result(e["figure"], e["size"], e["value"], e["baseline"], e["runs"], e["error"], e["note"]) for e in entries
    ]


if __name__ == "__main__":  # python -m tools.bench.results [bench-results.json]: its table again
    import sys

    from .config import RESULTS_FILE

    print(table(load(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS_FILE)))
