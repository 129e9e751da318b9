"""Re-run: relate a new month's themes to the previous run's so labels carry over.

modes (assign / rebuild), neighbours (assign by last month's nearest tickets, abstaining
below bars calibrated on last month), match (theme matching: matched, split, merged, new, vanished),
carry (labels carried into the labels file, which only ever grows).

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "carry": ["carry_labels", "mapping_report", "carry_labels_to_file"],
        "match": ["match_themes", "MAPPING_COLUMNS", "typed_mapping"],
        "modes": ["rerun", "adopt_keys"],
        "neighbours": ["NeighbourAssigner"],
    },
)
