"""Reporting: the activity log, the structures' activity reports with their shared paragraphs, the five-step
evaluation deliverable and the generated documents (PDFs). One module per area; this package re-exports them."""

from .activity import ActionLogic, Activity, ActivityAttachment, ActivityKind, TransversalFunction
from .deliverable import Deliverable, DeliverableStatus, DeliverableStep, LearningCycle, PriorityProject, StepEvidence
from .documents import DocumentKind, DocumentStatus, GeneratedDocument
from .reports import (
    ActivityReport,
    ReportSection,
    ReportStatus,
    SharedParagraph,
    SharedParagraphApproval,
    StructureReporting,
)

__all__ = [
    "ActionLogic",
    "Activity",
    "ActivityAttachment",
    "ActivityKind",
    "ActivityReport",
    "Deliverable",
    "DeliverableStatus",
    "DeliverableStep",
    "LearningCycle",
    "PriorityProject",
    "StepEvidence",
    "DocumentKind",
    "DocumentStatus",
    "GeneratedDocument",
    "ReportSection",
    "ReportStatus",
    "SharedParagraph",
    "SharedParagraphApproval",
    "StructureReporting",
    "TransversalFunction",
]
