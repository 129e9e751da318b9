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
# # 01 · Ingest this month's export
#
# **What this does:** opens the project (the folder with `demandlens.yaml` above this
# notebook), takes this month's export from `data/raw/` (the file named under
# `project.export` in `demandlens.yaml`, else the newest file there; the table below says
# which), maps its columns, cleans the text (quoted replies, signatures, greetings, HTML),
# masks personal data (personnummer, CPR, fødselsnummer, e-mails, phones, cards, IBANs) and
# detects the language of each ticket. Every row read is accounted for: accepted, or rejected
# with a reason. Nothing is written here, and only masked text is shown.
#
# If a column is not recognised, map it in `demandlens.yaml` under `ingest.columns`.

# %% tags=["parameters"]
project_path = "."  # this folder or any folder inside the project
export = None  # None: project.export in demandlens.yaml, else the newest file in data/raw/

# %%
# %load_ext autoreload
# %autoreload 2
import demandlens as dl

project = dl.open_project(project_path)
project

# %%
result = project.ingest(export)
result.accounting

# %% [markdown]
# ## Which columns were used

# %%
result.column_map

# %% [markdown]
# ## Rejected rows, with the row, the column and the reason

# %%
result.rejected.head(20)

# %% [markdown]
# ## A few tickets as every later step sees them: cleaned, personal data masked

# %%
result.tickets[["ticket_id", "language", "channel", "subject", "text"]].sample(5, random_state=1)

# %% [markdown]
# ## Language and channel mix

# %%
result.tickets["language"].value_counts().to_frame("tickets")

# %%
result.tickets["channel"].value_counts().to_frame("tickets")
