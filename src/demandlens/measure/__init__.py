"""Measure: the failure-demand share with honest intervals, trends, costs and estimates.

shares (failure share by process, channel, language, week), estimate (the review-based
stratified estimate), strata (a theme's failure fraction), trend (change test, avoidable
cost), stats (intervals), propagate (review-trained flags); alerts (spikes, new, vanished,
growing and shrinking themes found without being asked: spikes, spike_words, emerging,
alert_text).

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
        "estimate": ["Estimate", "estimate_failure_share", "ESTIMATE_COLUMNS"],
        "propagate": [
            "train_review_classifier", "predict_failure", "flag_unlike_label", "suggest_splits",
        ],
        "shares": [
            "iso_week", "week_range", "demand_table", "failure_share", "weekly_by_process",
            "SHARE_COLUMNS", "BY_OPTIONS", "taxonomy_order",
        ],
        "stats": ["z_value", "wilson_interval", "newcombe_interval", "two_proportion_p_value"],
        "strata": [
            "LABEL_PRIOR", "review_weight", "theme_failure_fraction", "theme_fractions",
            "fractions_from_table",
        ],
        "trend": ["ChangeTest", "change_test", "avoidable_cost"],
    },
)
