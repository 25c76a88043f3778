"""Why each item of a period is in or out of the digest, for admins who ask."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from digests.templating import environment
from digests.types import NewsItem

EXPLAIN_TEMPLATE = "explain.md.j2"


def render_explanation(items: Sequence[NewsItem], start: datetime, end: datetime) -> str:
    """Markdown listing the items left out, then those kept, each with the enricher's reason."""
    return (
        environment()
        .get_template(EXPLAIN_TEMPLATE)
        .render(
            start=start,
            end=end,
            left_out=[item for item in items if not item.relevant],
            kept=[item for item in items if item.relevant],
        )
    )
