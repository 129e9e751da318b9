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
# **What this does:** shows the alerts found without being asked (spikes, new, growing and
# shrinking themes) and combines this month's themes with your labels and review judgements
# into the failure-demand share **of labelled tickets**, with 95% intervals, by process and by
# week (as failure tickets per week), with repeat contacts beside it; the avoidable cost when
# costs per contact are configured; charts; and writes `reports/<run name>/`: `themes.csv`,
# `tickets.csv` (each ticket's subject and masked text unless `include_text` is off),
# `failure_demand.csv` and `alerts.csv` (`;` and BOM for Nordic Excel), an Excel workbook
# (themes, tickets, by process) and a self-contained HTML report to share. The same figures
# appear in the report, the exports and the workbench. Tickets in unlabelled themes and
# outliers are *unknown*: in no share, never dropped (the headline says how many). Nothing
# else is changed.

# %% tags=["parameters"]
project_path = "."  # this folder or any folder inside the project
include_text = True  # False leaves ticket subjects and texts out of tickets.csv and the workbook

# %%
import demandlens as dl

project = dl.open_project(project_path)
run = project.current_run()
labels = project.labels()

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
dl.failure_share(run, labels)

# %%
dl.find_repeats(run, labels)

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
# ## Exports (themes, tickets, failure demand, alerts) and the HTML report, in `reports/<run name>/`

# %%
paths = project.export_tables(run, include_text=include_text)
paths["report"] = project.report(run)
paths
