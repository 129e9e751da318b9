"""Measure: how much demand is failure demand, with honest intervals, trends and costs.

demand (each ticket with its theme's label; ISO weeks and period lengths), strata (a theme's
failure fraction: the one rule for reviewed, label-only and unknown themes), estimate (the
stratified Monte-Carlo estimator), headline (the headline ``Estimate`` and the one format of a
share), shares (``failure_share``: the one figure every surface shows), trend (change test,
avoidable cost, this run against the previous one), stats (intervals), propagate
(review-trained flags); alerts (spikes, new, vanished, growing and shrinking themes found
without being asked: spikes, spike_words, emerging, alert_text).

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "alerts": ["Alerts", "find_alerts", "resolve_previous", "ALERT_COLUMNS"],
        "alert_text": ["summary_line", "KIND_WORDS"],
        "repeats": [
            "RepeatContacts", "repeat_contacts", "find_repeats", "NEEDS_COLUMN",
            "THEME_REPEAT_COLUMNS",
        ],
        "emerging": ["growth_tests", "GROWTH_COLUMNS"],
        "spike_words": ["distinctive_words", "example_tickets", "CALENDAR_WORDS"],
        "spikes": ["SpikeTests", "spike_tests", "daily_counts", "iso_week_labels"],
        "demand": [
            "iso_week", "week_range", "week_days", "period_weeks", "demand_table",
            "theme_names", "taxonomy_order", "taxonomy_names", "DEMAND_TYPES",
        ],
        "estimate": ["Strata", "build_strata", "build_split", "aggregate", "UNSPECIFIED"],
        "propagate": [
            "train_review_classifier", "predict_failure", "flag_unlike_label", "suggest_splits",
        ],
        "headline": ["Estimate", "fmt_share", "DENOMINATOR", "ALL_DENOMINATOR", "SHARE_COLUMNS"],
        "shares": [
            "Measure", "failure_share", "weekly_failure", "failure_by_theme", "BY_OPTIONS",
            "WEEKLY_COLUMNS", "THEME_SHARE_COLUMNS",
        ],
        "stats": ["z_value", "wilson_interval", "newcombe_interval", "two_proportion_p_value"],
        "strata": [
            "IMPURITY_PRIOR", "ThemeFraction", "review_weight", "theme_failure_fraction",
            "theme_fractions", "FRACTION_COLUMNS",
        ],
        "trend": [
            "ChangeTest", "change_test", "compare_shares", "avoidable_cost", "compare_runs",
            "theme_changes", "COMPARE_COLUMNS", "THEME_CHANGE_COLUMNS",
        ],
    },
)
