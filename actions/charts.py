"""Server-side SVG geometry for the tracker's charts: stacked status bars and simple bar charts.

The templates draw what these functions return; each chart has a table of the same figures.
"""

from .models import Action

CHART_WIDTH = 600
BAR_HEIGHT = 24
ROW_HEIGHT = 70  # label above, bar below


def chart_segments():
    """The stacked bar's segments in order: overdue (whatever the status), then each status."""
    return [
        {"value": "overdue", "key": "overdue", "label": "Overdue"},
        *(
            {
                "value": status.value,
                "key": status.value.replace("-", "_"),
                "label": status.label if status.value != "complete" else "Complete (not assured)",
            }
            for status in Action.Status
        ),
    ]


def stacked_bars(rows, *, label_key):
    """Stacked bars, one per row of ActionQuerySet.status_counts() figures (`label_key` names it).

    Returns {"boards": [...], "statuses": [...], "height": int}; each bar has its name, total,
    y positions, its counts (for the table) and its drawn segments (value, label, count, x, width).
    """
    statuses = chart_segments()
    bars = []
    for index, row in enumerate(rows):
        total = row["total"]
        x = 0.0
        segments = []
        for status in statuses:
            count = row[status["key"]]
            width = CHART_WIDTH * count / total if total else 0
            if count:
                segments.append(
                    {**status, "count": count, "x": round(x, 2), "width": round(width, 2)}
                )
            x += width
        top = index * ROW_HEIGHT
        bars.append(
            {
                "name": row[label_key] or "No lead named",
                "total": total,
                "counts": [{**status, "count": row[status["key"]]} for status in statuses],
                "label_y": top + 22,
                "bar_y": top + 34,
                "segments": segments,
            }
        )
    return {
        "boards": bars,
        "statuses": statuses,
        "width": CHART_WIDTH,
        "bar_height": BAR_HEIGHT,
        "height": max(len(bars) * ROW_HEIGHT, 1),
    }


def status_chart(rows):
    """The tracker's chart: ActionQuerySet.status_counts_by_board() rows as one bar per board."""
    return stacked_bars(rows, label_key="plan__review__board__name")


def bar_chart(items):
    """A horizontal bar chart of (label, count) pairs, longest bar the widest count."""
    items = list(items)
    largest = max((count for _, count in items), default=0)
    bars = []
    for index, (label, count) in enumerate(items):
        top = index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "count": count,
                "width": round(CHART_WIDTH * count / largest, 2) if largest else 0,
                "label_y": top + 22,
                "bar_y": top + 34,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "bar_height": BAR_HEIGHT,
        "height": max(len(bars) * ROW_HEIGHT, 1),
    }
