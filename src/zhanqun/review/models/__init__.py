"""Models of the review app; see the modules for the why of each."""

from .chain import DEFAULT_CHAIN, ReviewChainRule, chain_for
from .moderation import ModerationItem, moderation_decided, submit
from .records import ReviewRecord, ScreeningOverride
from .tasks import (
    GroupStepTask,
    ScreeningTask,
    ScreeningTaskState,
    UnitApprovalTask,
    UnitApprovalTaskState,
)

__all__ = [
    "DEFAULT_CHAIN",
    "GroupStepTask",
    "ModerationItem",
    "ReviewChainRule",
    "ReviewRecord",
    "ScreeningOverride",
    "ScreeningTask",
    "ScreeningTaskState",
    "UnitApprovalTask",
    "UnitApprovalTaskState",
    "chain_for",
    "moderation_decided",
    "submit",
]
