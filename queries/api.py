"""What pages, exports and the headless CLI call: named queries shaped into tables, by subject
(api_indicators, api_cases, api_other, api_quality); `queries.api.<name>` and `queries.<name>` both work.

Every function takes an open DuckDB connection, the user's `Filters` and the role's
`Scope`; the scope is applied in the bound parameters (communes, partners, consent)
and, for case figures, by small-cell protection (`Scope.min_cell`).
"""
from __future__ import annotations

from .api_cases import (STALL_STEPS, case_breakdown, case_breakdowns, case_delay_summary, case_delays, case_funnel,
                        case_funnels, case_left_out, case_services, case_stalled, stall_step)
from .api_indicators import CASE_INDICATORS, RATE_INDICATORS, indicator_monthly, indicators, indicators_records, target_cells
from .api_other import assessment_rates, children_reach, map_localities, milestones_list, pe_activity, sensitisation
from .api_quality import dq_issues, dq_last_activity, dq_last_date, dq_load_summary
from .protect import band

__all__ = [
    "indicators", "indicators_records", "target_cells", "case_funnel", "case_delays", "case_delay_summary",
    "case_services", "case_breakdown", "case_left_out", "case_stalled", "case_funnels", "case_breakdowns",
    "sensitisation",
    "children_reach", "assessment_rates", "pe_activity", "indicator_monthly", "map_localities",
    "milestones_list", "dq_load_summary", "dq_last_date", "dq_last_activity", "dq_issues", "band",
    "CASE_INDICATORS", "RATE_INDICATORS", "STALL_STEPS", "stall_step",
]
