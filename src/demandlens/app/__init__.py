"""App: what the analyst touches: the CLI, the project scaffold, the workbench, charts, report.

cli (demandlens run / export / report / init / status), project (open_project: one project,
one config, for notebooks and CLI alike), summary (a run and what changed, in names),
scaffold (init), widget* and explore (the labelling workbench and theme views in
JupyterLab), charts (altair), tables, exports (CSV and Excel), report_model and report_html (the
self-contained HTML report).

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "charts": [
            "pareto", "failure_by_process", "weekly_trend", "month_over_month", "language_mix",
            "save_chart", "DEMAND_COLOURS",
        ],
        "cli": ["app"],
        "explore": ["theme_card", "theme_map"],
        "exports": ["export_tables", "ticket_table", "theme_export", "process_table",
                    "TICKET_COLUMNS", "TEXT_COLUMNS"],
        "report_html": ["html_report", "render_report", "script_json"],
        "report_model": ["report_model", "ReportModel", "ProcessSection", "previous_run_of"],
        "project": ["Project", "open_project", "CONFIG_FILE", "EXPORT_SUFFIXES"],
        "run_folders": ["file_sha256", "config_key", "run_record", "run_name", "free_folder"],
        "scaffold": ["init_project", "CONFIG_TEMPLATE"],
        "summary": ["RunSummary", "RunChanges", "theme_table"],
        "tables": ["theme_summary", "THEME_COLUMNS", "run_parts"],
        "offline": ["use_offline_charts", "offline_chart"],
        "widget": ["label", "LabelWorkbench", "KEYS"],
        "widget_history": ["Edit", "EditHistory"],
        "widget_review": ["failure_fraction_text", "review_state"],
        "widget_views": [
            "Badge", "BADGE_SOURCES", "TICKET_COLUMNS", "theme_rows", "ticket_page", "search_hits",
            "weekly_volume_svg",
        ],
    },
)
