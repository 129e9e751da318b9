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
# **What this does:** combines this month's themes with your labels and review judgements into
# the failure-demand share, with 95% intervals, by process and by week; charts; and writes
# `reports/<run name>/`: `themes.csv` and `tickets.csv` (`;` and BOM for Nordic Excel;
# each ticket's subject and masked text unless `include_text` is off), an Excel workbook
# (themes, tickets, by process) and a self-contained HTML report to share. Tickets in unlabelled
# themes and outliers are counted as *unknown*, never dropped. Nothing else is changed.

# %% tags=["parameters"]
project_path = "."  # this folder or any folder inside the project
include_text = True  # False leaves ticket subjects and texts out of tickets.csv and the workbook

# %%
import demandlens as dl

project = dl.open_project(project_path)
run = project.current_run()
labels = project.labels()
dl.estimate_failure_share(run.tickets, run.themes, labels, seed=run.config.seed)

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
# ## Exports and the HTML report, in `reports/<run name>/`

# %%
paths = project.export_tables(run, include_text=include_text)
paths["report"] = project.report(run)
paths
