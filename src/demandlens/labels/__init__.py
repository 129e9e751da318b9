"""Label: the analyst's judgement of each theme, the process taxonomy, and the labels file.

taxonomy (processes, failure types), schema (ThemeLabel, parsing and writing the YAML),
store (atomic writes, backups, 3-way merge), edits (the pure functions every label change
goes through), view (reading labels for the measure stage), display (the one name a theme
or a process is shown by on every surface).

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "display": [
            "theme_names", "display_name", "keyword_name", "process_name", "process_names",
            "failure_type_name", "OUTLIER_NAME",
        ],
        "edits": [
            "load_labels", "set_label", "mark_merged", "start_review",
            "record_judgement", "draw_review_sample", "review_seed",
            "progress", "restore_label", "remove_judgement",
        ],
        "schema": [
            "ThemeLabel", "Review", "LabelsFileError", "DEMAND_TYPES", "JUDGEMENT_TYPES",
            "STATUSES", "parse_labels", "dump_labels", "check_against_taxonomy",
        ],
        "store": ["LabelStore", "LabelConflictError", "merge_labels"],
        "taxonomy": [
            "Process", "FailureType", "Taxonomy", "TaxonomyError", "TaxonomyFile",
            "load_taxonomy", "default_taxonomy_text",
        ],
        "view": ["theme_labels", "judgements"],
        "yamllines": ["load_yaml_with_lines", "line_of", "YamlSyntaxError"],
    },
)
