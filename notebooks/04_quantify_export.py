# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · How much demand is avoidable? Quantify and export
#
# **What this does:** combines the themes with your labels and review judgements into the
# failure-demand share, with 95% intervals, by process, channel, language and week; the
# avoidable cost when costs per contact are configured; charts; CSV exports for Excel; and a
# self-contained HTML report to share. Tickets in unlabelled themes and outliers are counted
# as *unknown*, never dropped.

# %% tags=["parameters"]
run_dir = "../runs/notebook"
labels_path = "../labels.yaml"
out_dir = "../reports/notebook"

# %%
import demandlens as dl

run = dl.Run.open(run_dir)
labels = dl.load_labels(labels_path)

# %% [markdown]
# ## Alerts: what changed, without being asked
#
# Spikes per theme and failing process (a week or a day far above what the export's volume
# and weekday pattern lead to expect), new and vanished themes since the previous run, and
# growing themes and shrinking failure themes, each with what is different about it and
# example tickets.

# %%
dl.find_alerts(run, labels)

# %% [markdown]
# ## Failure demand, and repeat contacts beside it
#
# Repeat contacts need a customer id column in the export; about the same matter they are
# progress chasing, which is failure demand.

# %%
dl.estimate_failure_share(run.tickets, run.themes, labels, seed=run.config.seed)

# %%
dl.find_repeats(run, labels)

# %% [markdown]
# ## Failure demand by process and by week (Wilson 95% intervals)

# %%
dl.failure_share(run.tickets, run.themes, labels, by="failing_process")

# %%
dl.failure_share(run.tickets, run.themes, labels, by="week")

# %% [markdown]
# ## Charts

# %%
dl.charts.pareto(run, labels)

# %%
dl.charts.weekly_trend(run, labels)

# %% [markdown]
# ## Exports: themes.csv, tickets.csv and alerts.csv (`;` and BOM for Nordic Excel) and the HTML report

# %%
paths = dl.export_tables(run, labels, out_dir, bom=True, sep=";")
report = dl.html_report(run, labels, f"{out_dir}/report.html")
paths, report
