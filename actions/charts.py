"""Server-side SVG geometry for the tracker's status chart (one stacked bar per board)."""

from .models import Action

CHART_WIDTH = 600
BAR_HEIGHT = 24
ROW_HEIGHT = 70  # board name above, bar below


def status_chart(rows):
    """Turn ActionQuerySet.status_counts_by_board() rows into bars the template can draw.

    Returns {"boards": [...], "statuses": [...], "height": int}; each board has its name, total,
    y positions and segments (status, label, count, x, width) in the order of Action.Status.
    """
    statuses = [{"value": status.value, "label": status.label} for status in Action.Status]
    boards = []
    for index, row in enumerate(rows):
        total = row["total"]
        x = 0.0
        segments = []
        for status in statuses:
            count = row[status["value"].replace("-", "_")]
            width = CHART_WIDTH * count / total if total else 0
            if count:
                segments.append(
                    {**status, "count": count, "x": round(x, 2), "width": round(width, 2)}
                )
            x += width
        top = index * ROW_HEIGHT
        boards.append(
            {
                "name": row["plan__review__board__name"],
                "total": total,
                "counts": [
                    {**status, "count": row[status["value"].replace("-", "_")]}
                    for status in statuses
                ],
                "label_y": top + 22,
                "bar_y": top + 34,
                "segments": segments,
            }
        )
    return {
        "boards": boards,
        "statuses": statuses,
        "width": CHART_WIDTH,
        "bar_height": BAR_HEIGHT,
        "height": max(len(boards) * ROW_HEIGHT, 1),
    }
