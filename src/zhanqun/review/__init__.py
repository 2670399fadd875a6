"""审核 — screening, the approval chain, the review record and the moderation queue.

See ``docs/review.md``.
"""
