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
# # 03 · Label themes
#
# **What this does:** opens the labelling workbench on this month's run (the one `02_themes`
# made). For each theme give a name, say whether it is **failure demand** (a contact caused by
# something that went wrong upstream) or **value demand** (what the organisation exists to
# serve), pick the failing process and failure type from the project's `taxonomy.yaml`, and
# write the root cause. Review a few sample tickets per theme so the failure-demand figure
# rests on evidence. Every change is saved to `labels.yaml` at once; merges, splits and moves
# happen here too, only when you make them, and are written to the run folder at once and
# replayed next month.
#
# Click the workbench once, then it has the keyboard (no key reaches the notebook): `j`/`k`
# next/previous theme, `1`/`2`/`3` failure/value/unclear, `e` name, `p` process (type to find,
# "lev" finds Delivery), `c` root cause, `r` draw a review sample, `f`/`v`/`o` judge it, `u`/`U`
# undo/redo, `/` search tickets, `?` all keys.

# %% tags=["parameters"]
project_path = "."  # this folder or any folder inside the project

# %%
import demandlens as dl

project = dl.open_project(project_path)
run = project.current_run()
workbench = project.workbench(run)
workbench
