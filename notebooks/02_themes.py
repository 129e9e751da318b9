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
# # 02 · Build contact-reason themes
#
# **What this does:** groups this month's tickets into contact-reason themes and writes a run
# folder, `runs/<export name>/`. Tickets are embedded with a multilingual model (cached, so
# only new texts are embedded), grouped into themes, and each theme is described by keywords
# per language and representative tickets. When the project already has a run (last month's),
# the new themes are matched to it so they keep their labels; suggestions for split and merged
# themes are *added* to `labels.yaml` — nothing in it is changed.
#
# Run All again with the same export and config and the run already made is reopened, your
# theme edits included; nothing is rebuilt. This notebook never edits themes: merge, split or
# move tickets in the workbench (`03_label`).

# %% tags=["parameters"]
project_path = "."  # this folder or any folder inside the project
export = None  # None: project.export in demandlens.yaml, else the newest file in data/raw/

# %%
import demandlens as dl

project = dl.open_project(project_path)
run = project.run(export)
project.summary(run)

# %% [markdown]
# ## Themes by size (share of all tickets, outliers included)

# %%
dl.theme_table(run, project.labels()).head(30)

# %% [markdown]
# ## The largest theme: keywords per language and representative tickets

# %%
dl.theme_card(run, labels=project.labels())

# %% [markdown]
# ## The map: one dot per ticket, coloured by theme (hover for the text, click the legend)

# %%
dl.theme_map(run, labels=project.labels())
