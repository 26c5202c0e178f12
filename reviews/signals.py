"""What the reviews app tells the apps above it, without importing them (the layers point down).

`counts_changed` is sent with `board_ids` whenever what the public sees of those boards' reviews
may have changed: a review published or returned to draft, or edited or deleted in the admin.
The findings app recounts its pre-aggregated counts on it (findings/apps.py).
"""

from django.dispatch import Signal

counts_changed = Signal()
