"""What governance tells the other apps. It imports none of them: the subject's app connects a receiver.

`decision_recorded(sender=Decision, decision=…, subject_type=…, subject_id=…)` is sent inside the transaction that
writes the decision: a receiver that fails (a mandate that can no longer be adopted) undoes the decision with it.
"""

from django.dispatch import Signal

decision_recorded = Signal()
