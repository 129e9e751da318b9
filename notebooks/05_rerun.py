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
# # 05 · Next month: what changed since the previous run
#
# **What this does:** shows how this month's themes relate to the previous run's. When next
# month's export arrives, copy it into `data/raw/` and Run All in `01`–`04`: `02` takes
# the newest export and matches its themes to the previous run, so matched themes keep their
# labels; split and merged themes get your earlier labels as suggestions to review (added to
# `labels.yaml`, nothing in it changed); new themes are flagged for labelling; vanished themes
# are listed here. On the project's first run there is nothing to compare yet, and this says so.
#
# `match.mode` in `demandlens.yaml` chooses how: `rebuild` builds themes afresh and matches
# them; `assign` keeps last month's themes and puts new tickets into them.

# %% tags=["parameters"]
project_path = "."  # this folder or any folder inside the project

# %%
import demandlens as dl

project = dl.open_project(project_path)
run = project.current_run()
changes = project.changes(run)
changes

# %% [markdown]
# ## Failure demand this month, with your labels carried over

# %%
dl.failure_share(run, project.labels())

# %% [markdown]
# ## Failure demand per process, compared with the previous run
# Failure tickets per week before and now (each run's own period, so exports of different length
# compare), the share of labelled tickets, and the change test (is the change larger than chance
# alone explains?). Empty on the project's first run. The HTML report of notebook 04 shows the
# same comparison.

# %%
compare = project.compare(run)
compare

# %%
dl.charts.month_over_month(compare)
