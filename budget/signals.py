"""Moments in a budget's life that the subjects built on its lines take part in (today: staff arrangements).

The budget services send them inside their transaction, with the budget row locked; a receiver refuses by raising
`DomainError`, which rolls the whole write back, and does its own writes in the same transaction. The receivers
are connected in `BudgetConfig.ready()`. Why signals: `budget/staff/` is built on the budget's lines, so the line
services must not import it (docs/architecture.md: no import cycle, a subject above the core it builds on).
"""

from django.dispatch import Signal

# A line is about to change: `line` (locked, as stored) and `clean` (the validated new values).
line_changing = Signal()
# A line is about to be deleted: `line` (locked).
line_deleting = Signal()
# An amendment was created with copies of the source's lines: `actor`, `source`, `amendment`.
amendment_created = Signal()
