"""Alerts benchmark: are planted spikes found, how often does a quiet export raise a false
alarm, and are repeat contacts right?

Four parts, every one deterministic (fixed seeds):

1. **Detector alone, generated exports** (gold reasons as the units, no clustering): the
   sample generator's structure (dates, reasons, languages, channels) with no incidents
   (``week_effects={}``) for false alarms, and with one planted spike of x2, x3 or x5 the
   reason's usual weekly count in a random week (weeks 3-10) or in the **last** week, for
   recall; at 2,400 tickets (the sample's size) and 10,000.
2. **The sample's own incidents** (``WEEK_EFFECTS`` in ``scripts/generate_sample.py``): each
   planted reason-week found or not, on gold reasons (detector alone) and end to end on the
   product's themes (a spike on a theme whose majority gold reason is the reason, or a process
   spike of its process, with the themes labelled from their gold majority).
3. **End to end with planted spikes**: the sample's tickets re-dated at random (no incidents
   left) as a quiet export, and the same with six planted spikes (x2/x3/x5, mid-export and last
   week) made of extra copies of the reason's tickets, most with an incident sentence added
   ("lagret har stopp" / "warehouse outage" ...): recall, false alarms per 100 theme-weeks on
   the quiet one, and whether "what is different" names the incident's words.
4. **Repeat contacts** against the generator's chains (gold ``repeat_of``): precision and
   recall of "repeat contact" and of "about the same matter", on gold reasons and end to end.

Usage::

    python benchmarks/bench_alerts.py [--cache-dir DIR] [--quick] [--skip-e2e]

writes ``benchmarks/results/alerts.md`` and ``alerts.json``. End-to-end parts run the whole
pipeline (cached embeddings: ``--cache-dir`` shares a cache; the default is the repository's
own ``data/interim/embeddings``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from demandlens.config import AlertsConfig, PipelineConfig
from demandlens.labels.schema import ThemeLabel
from demandlens.measure.alerts import find_alerts
from demandlens.measure.repeats import repeat_contacts
from demandlens.measure.spikes import daily_counts, iso_week_labels, spike_tests
from demandlens.pipeline import run_pipeline
from demandlens.run import Run

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
RESULTS = REPO / "benchmarks" / "results"
RUNS = REPO / "runs" / "bench-alerts"
SIZES = (2.0, 3.0, 5.0)
log = logging.getLogger("bench_alerts")

#: Incident sentences added to most of a planted spike's extra tickets (what is different).
INCIDENT = {
    "sv": "Jag läste att lagret har stopp i systemet.",
    "da": "Jeg har læst, at lageret har stop i systemet.",
    "nb": "Jeg leste at lageret har stans i systemet.",
    "en": "I read that your warehouse has a system outage.",
}
INCIDENT_WORDS = {"lager", "stopp", "stop", "stans", "warehouse", "outage", "system", "systemet"}


def _generator():
    spec = importlib.util.spec_from_file_location("generate_sample",
                                                  REPO / "scripts" / "generate_sample.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["generate_sample"] = mod
    spec.loader.exec_module(mod)
    return mod


GEN = _generator()


def _md(df: pd.DataFrame) -> str:
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.astype(str).itertuples(index=False):
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _gold_tests(dates: pd.Series, reasons: pd.Series, config: AlertsConfig):
    counts, total = daily_counts(dates, reasons)
    return spike_tests(counts, total, config)


def _found(tests, unit: str, week: str) -> tuple[bool, bool, float]:
    w, d = tests.weekly, tests.daily
    hit = w[(w["unit"] == unit) & (w["period"] == week)]
    weekly = bool(hit["alert"].any())
    daily = bool(len(d) and d[(d["unit"] == unit) & (d["week"] == week)]["alert"].any())
    ratio = float(hit["ratio"].iloc[0]) if len(hit) else float("nan")
    return weekly, weekly or daily, ratio


# -- 1. detector alone on generated exports ----------------------------------------------------
def detector_alone(n: int, reps: int, config: AlertsConfig) -> tuple[pd.DataFrame, dict]:
    fa_w = fa_d = cells_w = cells_d = with_alert = 0
    for s in range(reps):
        st = GEN._structure(n, 5000 + s, "2026-06-01", 12, week_effects={})
        reasons = pd.Series([GEN.REASON_KEYS[i] for i in st["reason_i"]])
        tests = _gold_tests(st["created_at"], reasons, config)
        fa_w += int(tests.weekly["alert"].sum())
        fa_d += int(tests.daily["alert"].sum())
        cells_w, cells_d = cells_w + len(tests.weekly), cells_d + len(tests.daily)
        with_alert += int(tests.weekly["alert"].any() or tests.daily["alert"].any())
    flat = {"tickets": n, "exports": reps,
            "false_alarms_per_100_theme_weeks": round(100 * fa_w / max(cells_w, 1), 3),
            "false_alarms_per_100_theme_days": round(100 * fa_d / max(cells_d, 1), 4),
            "exports_with_any_alert": f"{with_alert}/{reps}"}
    rng = np.random.default_rng(n)
    rows = []
    for size in SIZES:
        for where in ("mid", "last"):
            for s in range(reps):
                reason = GEN.REASON_KEYS[int(rng.integers(len(GEN.REASON_KEYS)))]
                week = 11 if where == "last" else int(rng.integers(2, 11))
                st = GEN._structure(n, 7000 + s, "2026-06-01", 12,
                                    week_effects={reason: {week: size}})
                reasons = pd.Series([GEN.REASON_KEYS[i] for i in st["reason_i"]])
                tests = _gold_tests(st["created_at"], reasons, config)
                label = iso_week_labels(pd.DatetimeIndex([pd.Timestamp("2026-06-01")
                                                          + pd.Timedelta(weeks=week)]))[0]
                weekly, any_alert, ratio = _found(tests, reason, label)
                base = (reasons == reason).sum() / (12 + size - 1)
                others = int(tests.weekly["alert"].sum()) - int(weekly)
                rows.append((size, where, reason, base, weekly, any_alert, ratio, others))
    df = pd.DataFrame(rows, columns=["size", "where", "reason", "base_per_week", "weekly",
                                     "weekly_or_daily", "ratio", "other_alerts"])
    return df, flat


def recall_table(df: pd.DataFrame) -> pd.DataFrame:
    out = df.groupby(["size", "where"]).agg(
        spikes=("weekly", "size"), recall_weekly=("weekly", "mean"),
        recall_weekly_or_daily=("weekly_or_daily", "mean"),
        median_ratio_found=("ratio", lambda r: r[df.loc[r.index, "weekly"]].median()),
        other_alerts_per_export=("other_alerts", "mean"),
    ).reset_index()
    return out.round(3)


def recall_by_baseline(df: pd.DataFrame) -> pd.DataFrame:
    bins = pd.cut(df["base_per_week"], [0, 5, 10, 20, 1e9], labels=["<5", "5-10", "10-20", ">20"])
    out = df.assign(baseline_per_week=bins).groupby(["size", "baseline_per_week"],
                                                    observed=True)["weekly"]
    return out.agg(spikes="size", recall="mean").reset_index().round(3)


# -- 2. the sample's own incidents ------------------------------------------------------------
def planted_incidents() -> list[tuple[str, str, float]]:
    start = pd.Timestamp("2026-06-01")
    out = []
    for reason, effects in GEN.WEEK_EFFECTS.items():
        for w, f in effects.items():
            week = iso_week_labels(pd.DatetimeIndex([start + pd.Timedelta(weeks=w)]))[0]
            out.append((reason, week, f))
    return sorted(out, key=lambda r: (r[1], r[0]))


def gold_labels(run, gold: pd.DataFrame) -> dict[str, ThemeLabel]:
    """Each theme labelled as a careful analyst would: its majority gold reason."""
    g = run.tickets[["ticket_id", "theme_key"]].merge(gold, left_on="ticket_id", right_on="id")
    labels = {}
    for key, grp in g.dropna(subset=["theme_key"]).groupby("theme_key"):
        reason = grp["reason"].mode().iloc[0]
        row = grp[grp["reason"] == reason].iloc[0]
        process = row["failing_process"] if isinstance(row["failing_process"], str) else None
        labels[str(key)] = ThemeLabel(name=reason, demand_type=row["demand_type"],
                                      failing_process=process or None, labelled_by="bench")
    return labels


def sample_incidents(gold: pd.DataFrame, export: pd.DataFrame, run, config) -> pd.DataFrame:
    real = gold["reason"] != "auto_reply"
    tests = _gold_tests(pd.to_datetime(export.loc[real, "created_at"]), gold.loc[real, "reason"],
                        config)
    process = {k: v["process"] for k, v in GEN.REASONS.items()}
    e2e = None
    if run is not None:
        labels = gold_labels(run, gold)
        alerts = find_alerts(run, labels, config, previous=False).table
        reason_of = {k: lab.name for k, lab in labels.items()}
        e2e = alerts.assign(reason=alerts["theme_key"].map(reason_of),
                            week=alerts["period"].map(_week_of))
    rows = []
    for reason, week, factor in planted_incidents():
        weekly, any_alert, ratio = _found(tests, reason, week)
        row = {"reason": reason, "week": week, "planted": f"×{factor:g}",
               "gold: found": "yes" if any_alert else "no",
               "gold: observed / expected": _obs_exp(tests.weekly, reason, week)}
        if e2e is not None:
            theme = e2e[(e2e["kind"] == "spike") & (e2e["reason"] == reason)
                        & (e2e["week"] == week)]
            proc = e2e[(e2e["kind"] == "process_spike") & (e2e["failing_process"]
                                                           == process[reason])
                       & (e2e["week"] == week)]
            row["themes: theme spike"] = "yes" if len(theme) else "no"
            row["themes: or process spike"] = "yes" if len(theme) or len(proc) else "no"
        rows.append(row)
    return pd.DataFrame(rows)


def _week_of(period: str) -> str:
    if not isinstance(period, str) or not period or ".." in period:
        return ""
    return period if "-W" in period else iso_week_labels(pd.DatetimeIndex([period]))[0]


def _obs_exp(weekly: pd.DataFrame, unit: str, week: str) -> str:
    hit = weekly[(weekly["unit"] == unit) & (weekly["period"] == week)]
    if hit.empty:
        return "–"
    r = hit.iloc[0]
    return f"{r['observed']:.0f} / {r['expected']:.1f}"


def false_alarms_e2e(alerts: pd.DataFrame, labels, planted: set[tuple[str, str]],
                     n_theme_weeks: int) -> tuple[int, float]:
    reason_of = {k: lab.name for k, lab in labels.items()}
    spikes = alerts[alerts["kind"] == "spike"]
    wrong = [(reason_of.get(k), _week_of(p)) not in planted
             for k, p in zip(spikes["theme_key"], spikes["period"], strict=True)]
    n = int(np.sum(wrong))
    return n, round(100 * n / max(n_theme_weeks, 1), 3)


# -- 3. end to end with planted spikes --------------------------------------------------------
PLANT = [  # reason, size, week index (0 = ISO week 23; 11 = the last week, W34)
    ("parcel_late", 2.0, 4), ("damaged_goods", 3.0, 6), ("invoice_wrong_amount", 5.0, 8),
    ("refund_not_received", 2.0, 11), ("missing_item", 3.0, 11), ("charged_twice", 5.0, 11),
]


def redated_exports(tmp: Path) -> tuple[Path, Path, pd.DataFrame, set]:
    """The sample re-dated at random (quiet) and the same with the PLANT spikes."""
    rng = np.random.default_rng(20)
    export = pd.read_csv(SAMPLE / "tickets.csv", dtype=str, keep_default_na=False)
    gold = pd.read_csv(SAMPLE / "gold.csv", dtype=str, keep_default_na=False)
    when = pd.to_datetime(export["created_at"])
    start = pd.Timestamp("2026-06-01")
    vol = np.array(GEN.WEEK_VOLUME)
    week = rng.choice(12, size=len(export), p=vol / vol.sum())
    offset = when - when.dt.normalize() + pd.to_timedelta(when.dt.dayofweek, unit="D")
    export["created_at"] = (start + pd.to_timedelta(week * 7, unit="D") + offset).dt.strftime(
        "%Y-%m-%d %H:%M:%S")
    quiet = tmp / "quiet.csv"
    export.to_csv(quiet, index=False)
    extra, extra_gold, planted = [], [], set()
    for reason, size, w in PLANT:
        pool = export[gold["reason"].to_numpy() == reason]
        n_extra = int(round((size - 1) * len(pool) / 12))
        picked = pool.sample(n_extra, replace=n_extra > len(pool), random_state=int(size * 10 + w))
        langs = gold.set_index("id").loc[picked["id"], "lang"].to_numpy()
        copy = picked.copy()
        copy["id"] = [f"PL-{reason[:4]}-{w}-{i}" for i in range(len(copy))]
        copy["customer_id"] = [f"KND-9{i:06d}{w}" for i in range(len(copy))]
        days = rng.integers(0, 7, len(copy))
        secs = rng.integers(8 * 3600, 18 * 3600, len(copy))
        copy["created_at"] = (start + pd.to_timedelta(w * 7 + days, unit="D")
                              + pd.to_timedelta(secs, unit="s")).strftime("%Y-%m-%d %H:%M:%S")
        add = rng.random(len(copy)) < 0.7
        copy.loc[add, "body"] = (copy.loc[add, "body"] + "\n\n"
                                 + pd.Series(langs[add], index=copy.index[add]).map(INCIDENT))
        extra.append(copy)
        extra_gold.append(pd.DataFrame({"id": copy["id"], "reason": reason,
                                        "demand_type": "failure",
                                        "failing_process": GEN.REASONS[reason]["process"]}))
        planted.add((reason, iso_week_labels(pd.DatetimeIndex([start + pd.Timedelta(weeks=w)]))[0]))
    spiked = tmp / "spiked.csv"
    pd.concat([export, *extra], ignore_index=True).to_csv(spiked, index=False)
    all_gold = pd.concat([gold[["id", "reason", "demand_type", "failing_process"]],
                          *extra_gold], ignore_index=True)
    return quiet, spiked, all_gold, planted


def _run(path: Path, name: str, config: PipelineConfig, project: Path) -> Run:
    out = RUNS / name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if (out / "manifest.json").exists():
        run = Run.open(out)
        if run.manifest.get("input_sha256") == digest and run.alerts is not None:
            return run
    started = time.perf_counter()
    run = run_pipeline(path, out, config, project_dir=project, progress=False)
    log.info("pipeline on %s: %.0f s", name, time.perf_counter() - started)
    return run


def planted_e2e(config: PipelineConfig, project: Path) -> tuple[pd.DataFrame, dict]:
    with tempfile.TemporaryDirectory() as d:
        quiet_path, spiked_path, gold, planted = redated_exports(Path(d))
        quiet = _run(quiet_path, "quiet", config, project)
        spiked = _run(spiked_path, "spiked", config, project)
    q_labels = gold_labels(quiet, gold)
    q_alerts = find_alerts(quiet, q_labels, config, previous=False)
    n_cells = q_alerts.tests.weekly["unit"].isin(quiet.themes["theme_key"]).sum()
    fa, fa100 = false_alarms_e2e(q_alerts.table, q_labels, set(), int(n_cells))
    labels = gold_labels(spiked, gold)
    alerts = find_alerts(spiked, labels, config, previous=False).table
    reason_of = {k: lab.name for k, lab in labels.items()}
    alerts = alerts.assign(reason=alerts["theme_key"].map(reason_of),
                           week=alerts["period"].map(_week_of))
    rows = []
    start = pd.Timestamp("2026-06-01")
    for reason, size, w in PLANT:
        week = iso_week_labels(pd.DatetimeIndex([start + pd.Timedelta(weeks=w)]))[0]
        theme = alerts[(alerts["kind"] == "spike") & (alerts["reason"] == reason)
                       & (alerts["week"] == week)]
        proc = alerts[(alerts["kind"] == "process_spike")
                      & (alerts["failing_process"] == GEN.REASONS[reason]["process"])
                      & (alerts["week"] == week)]
        words = set(", ".join(theme["top_words"].fillna("")).split(", ")) - {""}
        rows.append({
            "reason": reason, "planted": f"×{size:g}",
            "week": f"{week}{' (last)' if w == 11 else ''}",
            "theme spike": "yes" if len(theme) else "no",
            "or process spike": "yes" if len(theme) or len(proc) else "no",
            "ratio (theme)": f"{theme['ratio'].max():.1f}" if len(theme) else "–",
            "incident words named": ("yes: " + ", ".join(sorted(words & INCIDENT_WORDS)))
            if words & INCIDENT_WORDS else "no",
        })
    other = alerts[(alerts["kind"] == "spike")
                   & ~pd.Series(list(zip(alerts["reason"], alerts["week"])),
                                index=alerts.index).isin(planted)]
    summary = {"quiet export: false alarms (theme spikes)": fa,
               "quiet export: per 100 theme-weeks": fa100,
               "quiet export: theme-weeks tested": int(n_cells),
               "planted export: other theme spikes": int(len(other))}
    return pd.DataFrame(rows), summary


# -- 4. repeat contacts -----------------------------------------------------------------------
def repeats_bench(export: pd.DataFrame, gold: pd.DataFrame, run) -> pd.DataFrame:
    """Precision / recall against the generator's chains (gold repeat_of)."""
    ids = export["id"].to_numpy()
    when = pd.to_datetime(export["created_at"])
    cust = export["customer_id"].replace("", np.nan)
    truth_same = set(zip(gold.loc[gold["repeat_of"] != "", "id"],
                         gold.loc[gold["repeat_of"] != "", "repeat_of"]))
    # every same-customer consecutive pair within 14 days, by the raw ids and clock
    frame = pd.DataFrame({"id": ids, "c": cust, "t": when}).dropna().sort_values(["c", "t"])
    prev = frame.groupby("c").shift(1)
    within = (frame["t"] - prev["t"]).dt.total_seconds() / 86400 <= 14
    truth_any = set(zip(frame.loc[within, "id"], prev.loc[within, "id"]))
    labels_gold = {r: {"name": r, "demand_type": v["demand"]} for r, v in GEN.REASONS.items()}
    tickets = pd.DataFrame({"ticket_id": ids, "created_at": when, "theme_key": gold["reason"],
                            "customer_key": cust, "is_outlier": gold["reason"] == "auto_reply"})
    tickets = tickets[~tickets["is_outlier"]]
    rows = []
    for where, r in [("gold reasons", repeat_contacts(tickets, None, labels_gold))] + (
            [("product themes", repeat_contacts(run.tickets, run.themes,
                                                gold_labels(run, gold)))] if run is not None
            else []):
        pairs = set(zip(r.pairs["ticket_id"], r.pairs["previous_ticket_id"]))
        same = set(zip(r.pairs.loc[r.pairs["same_matter"], "ticket_id"],
                       r.pairs.loc[r.pairs["same_matter"], "previous_ticket_id"]))
        for what, found, truth in [("repeat contact (same customer, ≤ 14 days)", pairs,
                                    truth_any),
                                   ("about the same matter vs the generator's chains", same,
                                    truth_same)]:
            tp = len(found & truth)
            rows.append({"units": where, "what": what, "found": len(found), "true": len(truth),
                         "precision": round(tp / max(len(found), 1), 3),
                         "recall": round(tp / max(len(truth), 1), 3)})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache-dir", help="embedding cache folder to share (embed.cache_dir)")
    ap.add_argument("--quick", action="store_true", help="fewer generated exports")
    ap.add_argument("--skip-e2e", action="store_true", help="detector-alone parts only")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    started = time.perf_counter()
    config = PipelineConfig() if not args.cache_dir else PipelineConfig().replace(
        embed={"cache_dir": args.cache_dir})
    reps = 10 if args.quick else 30
    out: list[str] = ["# Alerts benchmark (`python benchmarks/bench_alerts.py`)", ""]
    data: dict = {}

    for n in (2400, 10_000):
        df, flat = detector_alone(n, reps, config.alerts)
        data[f"detector_{n}"] = {"flat": flat, "recall": recall_table(df).to_dict("records")}
        out += [f"## 1. Detector alone on gold reasons, generated exports of {n:,} tickets",
                "", f"No planted spike ({reps} exports, 21 reasons x 12 weeks): "
                f"**{flat['false_alarms_per_100_theme_weeks']} false alarms per 100 "
                f"theme-weeks**, {flat['false_alarms_per_100_theme_days']} per 100 theme-days; "
                f"exports with any alert: {flat['exports_with_any_alert']}.", "",
                "One planted spike per export (x the reason's usual weekly count; mid = a "
                "random week 3-10, last = the export's last week):", "",
                _md(recall_table(df)), "", "Weekly recall by the reason's usual tickets per "
                "week:", "", _md(recall_by_baseline(df)), ""]
        log.info("detector alone at %d done", n)

    export = pd.read_csv(SAMPLE / "tickets.csv", dtype=str, keep_default_na=False)
    gold = pd.read_csv(SAMPLE / "gold.csv", dtype=str, keep_default_na=False)
    run = None
    project = REPO
    if not args.skip_e2e:
        run = _run(SAMPLE / "tickets.csv", "sample", config, project)
    table = sample_incidents(gold, export, run, config.alerts)
    data["sample_incidents"] = table.to_dict("records")
    out += ["## 2. The sample's own incidents (WEEK_EFFECTS in the generator)", "",
            "`gold` = the detector on the gold reasons; `themes` = end to end on the "
            "product's themes of the sample run (themes labelled with their majority gold "
            "reason, so process spikes exist).", "", _md(table), ""]
    if run is not None:
        labels = gold_labels(run, gold)
        alerts = find_alerts(run, labels, config, previous=False)
        planted = {(r, w) for r, w, _ in planted_incidents()}
        cells = int(alerts.tests.weekly["unit"].isin(run.themes["theme_key"]).sum())
        fa, fa100 = false_alarms_e2e(alerts.table, labels, planted, cells)
        data["sample_e2e"] = {"alerts": alerts.summary(), "other_theme_spikes": fa,
                              "per_100_theme_weeks": fa100, "themes": len(run.themes)}
        out += [f"End to end on the sample ({len(run.themes)} themes): {alerts.summary()}; "
                f"theme spikes on a reason-week that was not planted: {fa} ({fa100} per 100 "
                f"theme-weeks).", ""]
        e2e, summary = planted_e2e(config, project)
        data["planted_e2e"] = {"spikes": e2e.to_dict("records"), **summary}
        out += ["## 3. End to end with planted spikes (the sample's tickets re-dated)", "",
                _md(e2e), "", "; ".join(f"{k}: {v}" for k, v in summary.items()) + ".", ""]
    rep = repeats_bench(export, gold, run)
    data["repeats"] = rep.to_dict("records")
    out += ["## 4. Repeat contacts against the generator's chains", "",
            "Truth: `repeat contact` = consecutive contacts of one raw customer id at most 14 "
            "days apart; `same matter` = the generator's chains (gold `repeat_of`: the same "
            "reason again, or the failure that follows). The product sees only the salted "
            "hash.", "", _md(rep), ""]
    load = open("/proc/loadavg").read().split()[:3] if Path("/proc/loadavg").exists() else []
    out += [f"Took {time.perf_counter() - started:.0f} s; load average at the end "
            f"{' '.join(load)}."]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "alerts.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    (RESULTS / "alerts.json").write_text(json.dumps(data, indent=2, default=str),
                                         encoding="utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()
