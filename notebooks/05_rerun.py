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
# # 05 · Next month's export: re-run with labels carried over
#
# **What this does:** runs the pipeline on a new export and matches its themes to the previous
# run. Matched themes keep their key, so your labels follow them; split and merged themes get
# your earlier labels as suggestions to review; new themes are flagged for labelling; vanished
# themes are reported. `labels.yaml` is only ever added to.
#
# `mode="assign"` keeps last month's themes and puts new tickets into them (fast, comparable
# month to month); `mode="rebuild"` builds themes afresh and matches them.

# %% tags=["parameters"]
new_export_path = "../data/sample/tickets_next.csv"
previous_run_dir = "../runs/notebook"
run_dir = "../runs/notebook_next"
labels_path = "../labels.yaml"
project_dir = ".."
mode = "assign"

# %%
import demandlens as dl

run = dl.run_pipeline(
    new_export_path, run_dir, previous=previous_run_dir, mode=mode, project_dir=project_dir
)

# %% [markdown]
# ## Carry labels over (adds suggestions and statuses; never removes what you wrote)

# %%
labels = dl.carry_labels_to_file(run, labels_path)
dl.failure_share(run, labels)

# %% [markdown]
# ## Compared with the previous run
# What happened to each theme (new, split, merged, grown, shrunk, vanished), as tickets **per
# week** of each run's own period, so exports of different length compare.

# %%
previous = dl.Run.open(previous_run_dir)
changes, text = dl.theme_changes(previous, run, labels)
print(text)
changes

# %% [markdown]
# Failure demand per process: tickets per week before and now, the share of labelled tickets,
# and the change test (is the change larger than chance alone explains?).

# %%
compare = dl.compare_runs(previous, run, labels)
compare

# %%
dl.charts.month_over_month(compare)

# %% [markdown]
# The report with the same comparison, to share (written next to the run).

# %%
dl.html_report(run, labels, f"{run_dir}/report.html", previous=previous)
