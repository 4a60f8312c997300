"""Health checks (baromètre de la relation): rounds opened by the coordinator or on the
partnership's schedule, anonymous answers, closing with alerts to the coordinator, and red or
amber results followed up as actions or agenda items. Also the governance settings, which hold
the schedule.

Anonymity: a person's participation (so they answer once) and their ratings are stored apart;
the ratings carry only a random sheet key. Results are read through `anonymity`, which never
shows a group of fewer than HEALTH_MIN_GROUP people, and alerts are built from those results
only.
"""

from alliances.governance.services.health.answers import concern_follow_up, health_answer
from alliances.governance.services.health.governance_settings import governance_settings_save
from alliances.governance.services.health.rounds import (
    add_months,
    answer_url,
    health_alerts_for_round,
    health_round_close,
    health_round_start,
    health_rounds_run,
    health_url,
    next_health_date,
    round_url,
)

__all__ = [
    "add_months",
    "answer_url",
    "concern_follow_up",
    "governance_settings_save",
    "health_alerts_for_round",
    "health_answer",
    "health_round_close",
    "health_round_start",
    "health_rounds_run",
    "health_url",
    "next_health_date",
    "round_url",
]
