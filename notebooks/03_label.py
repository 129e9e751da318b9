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
# **What this does:** opens the labelling workbench. For each theme give a name, say whether it
# is **failure demand** (a contact caused by something that went wrong upstream) or **value
# demand** (what the organisation exists to serve), pick the failing process and failure type
# from the taxonomy, and write the root cause. Review a few sample tickets per theme so the
# failure-demand figure rests on evidence. Every change is saved to `labels.yaml` at once.
#
# Click the workbench once, then it has the keyboard (no key reaches the notebook): `j`/`k`
# next/previous theme, `1`/`2`/`3` failure/value/unclear, `e` name, `p` process (type to find,
# "lev" finds Delivery), `c` root cause, `r` draw a review sample, `f`/`v`/`o` judge it, `u`/`U`
# undo/redo, `/` search tickets, `?` all keys. Merges, splits and moves are written to the run
# folder at once and replayed next month.

# %% tags=["parameters"]
run_dir = "../runs/notebook"
labels_path = "../labels.yaml"
taxonomy_path = None

# %%
import demandlens as dl

run = dl.Run.open(run_dir)
workbench = dl.label(run, labels_path, taxonomy_path=taxonomy_path)
workbench
