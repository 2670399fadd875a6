"""The monitors. Each is a function ``check(site, now)`` that returns the problems it
sees as ``Observation`` objects; ``services.run_check`` turns them into findings.

A monitor reads, never writes (except the tamper monitor's restore, which goes through
the publisher, and the availability monitor's probes), so it can run at any time and as
often as the schedule says.
"""

from dataclasses import dataclass, field

from ..enums import CheckCode


@dataclass
class Observation:
    problem: str
    fingerprint: str
    message: str
    page_id: int | None = None
    unit_id: int | None = None
    url: str = ""
    evidence: dict = field(default_factory=dict)
    # Seen and already dealt with (a tampered file restored at once): recorded as an
    # incident, resolved in the same run.
    resolved: str = ""


def get_check(code):
    from . import availability, content, footer, freshness, interaction, links, tamper

    checks = {
        CheckCode.AVAILABILITY: availability.check,
        CheckCode.FRESHNESS: freshness.check,
        CheckCode.FOOTER: footer.check,
        CheckCode.TAMPER: tamper.check,
        CheckCode.LINKS: links.check,
        CheckCode.INTERACTION: interaction.check,
        CheckCode.CONTENT: content.check,
    }
    return checks[CheckCode(code)]
