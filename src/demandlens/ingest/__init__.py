"""Ingest: read an export, map its columns, clean and mask the text, detect the language.

load_tickets (load) reads any supported file through readers and columns, cleans each text
(clean), masks personal data (mask) and detects its language (language, language_cache).

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "clean": ["clean_text", "clean_texts", "clean_subject", "is_auto_reply"],
        "columns": [
            "FIELDS", "detect_columns", "resolve_columns", "normalize_channel", "CHANNELS",
        ],
        "customers": ["customer_keys", "project_salt", "normalise_customer_id", "KEY_COLUMN"],
        "language": ["detect_languages", "get_detector", "LANGUAGE_CODES"],
        "language_cache": ["detect_languages_cached", "language_cache_id"],
        "load": ["IngestResult", "load_tickets", "parse_dates", "combine_subject_body"],
        "mask": ["PiiSpan", "PII_TYPES", "find_pii", "mask_text", "mask_texts"],
        "pseudonym": ["pseudonym", "project_salt"],
        "readers": [
            "read_table", "iter_table", "check_input", "detect_encoding", "detect_format",
            "SUPPORTED",
        ],
    },
)
