"""Charts drawn on the server as SVG geometry the templates render (no script needed, every bar a link)."""

from __future__ import annotations

import math
from typing import Any

# The palette of the stacked bars (one colour an actor; the rest share OTHER_COLOR).
COLORS = ("#2f6fdf", "#d9480f", "#12a150", "#ae3ec9", "#e8a317", "#0c8599", "#c92a2a", "#5c7cfa")
OTHER_COLOR = "#adb5bd"
W, H, LEFT, BOTTOM, TOP = 1000, 340, 80, 40, 20


def euro_scale(top: float) -> tuple[float, str]:
    """The divisor and unit the axis speaks in: € million, or € billion from ten billion up."""
    return (1e9, "€ billion") if top >= 1e10 else (1e6, "€ million")


def nice_ticks(top: float, n: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0.0]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(math.ceil(top / step)) + 1)]


def stacked_bars(table: dict[str, Any], top_actors: int = len(COLORS)) -> dict[str, Any]:
    """query.sums_table() as stacked bars, a bar a period, a segment an actor (the largest `top_actors` in
    colour, the others grey), each segment with the ids of the facts it adds; with axes, ticks and unit."""
    colour = {r["actor"]: COLORS[i] for i, r in enumerate(table["rows"][:top_actors])}
    periods = table["periods"]
    totals = {p: sum(r["cells"][p]["total_eur"] for r in table["rows"] if p in r["cells"]) for p in periods}
    ticks = nice_ticks(max(totals.values(), default=0))
    scale, unit = euro_scale(ticks[-1])
    y = _y_axis(ticks[-1] or 1)
    slot = (W - LEFT - 20) / max(1, len(periods))
    bars = []
    for i, p in enumerate(periods):
        x, base = LEFT + i * slot + slot * 0.15, 0.0
        for r in table["rows"]:
            cell = r["cells"].get(p)
            if not cell or not cell["total_eur"]:
                continue
            top = base + cell["total_eur"]
            bars.append({"x": x, "width": slot * 0.7, "y": y(top), "height": y(base) - y(top), "period": p,
                         "actor": r["actor_name"], "fill": colour.get(r["actor"], OTHER_COLOR),
                         "eur": cell["total_eur"], "adds": cell["adds"]})
            base = top
    return {"width": W, "height": H, "left": LEFT, "bottom": H - BOTTOM, "top": TOP, "right": W - 20, "unit": unit,
            "ticks": [{"y": y(t), "label": f"{t / scale:,.0f}" if t / scale >= 10 or t == 0 else f"{t / scale:,.1f}"}
                      for t in ticks],
            "labels": [{"x": LEFT + (i + 0.5) * slot, "text": p} for i, p in enumerate(periods)],
            "bars": bars, "legend": [{"name": r["actor_name"], "fill": colour[r["actor"]]}
                                     for r in table["rows"] if r["actor"] in colour]}


def _y_axis(top: float):
    return lambda v: (H - BOTTOM) - v / top * (H - BOTTOM - TOP)
