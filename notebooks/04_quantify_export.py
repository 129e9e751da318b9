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
# failure-demand share **of labelled tickets**, with 95% intervals, by process and by week (as
# failure tickets per week); the avoidable cost when costs per contact are configured; charts;
# CSV exports for Excel; and a self-contained HTML report to share. The same figures appear
# in the report, the exports and the workbench. Tickets in unlabelled themes and outliers are
# *unknown*: in no share, never dropped (the headline says how many).

# %% tags=["parameters"]
run_dir = "../runs/notebook"
labels_path = "../labels.yaml"
out_dir = "../reports/notebook"

# %%
import demandlens as dl

run = dl.Run.open(run_dir)
labels = dl.load_labels(labels_path)
dl.failure_share(run, labels)

# %% [markdown]
# ## Failure demand by process and by week
# Shares are of labelled tickets (the processes add up to the headline); `failure` is the
# estimated number of failure tickets and `per_week` the same per week.

# %%
dl.failure_share(run, labels, by="failing_process")

# %%
dl.failure_share(run, labels, by="week")

# %% [markdown]
# ## Charts

# %%
dl.charts.pareto(run, labels)

# %%
dl.charts.weekly_trend(run, labels)

# %% [markdown]
# ## Exports: themes.csv and tickets.csv (`;` and BOM for Nordic Excel) and the HTML report

# %%
paths = dl.export_tables(run, labels, out_dir, bom=True, sep=";")
report = dl.html_report(run, labels, f"{out_dir}/report.html")
paths, report
