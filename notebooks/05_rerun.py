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
dl.failure_share(run.tickets, run.themes, project.labels())
