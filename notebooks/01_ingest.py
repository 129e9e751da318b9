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
# # 01 · Ingest an export
#
# **What this does:** reads a ticket export (CSV, Excel, JSON or Parquet), maps its columns,
# cleans the text (quoted replies, signatures, greetings, HTML), masks personal data
# (personnummer, CPR, fødselsnummer, e-mails, phones, cards, IBANs) and detects the language of
# each ticket. Nothing is written to disk here. Every row read is accounted for: accepted, or
# rejected with a reason.
#
# Change `export_path` to your own file in `data/raw/`. If a column is not recognised, map it
# in `demandlens.yaml` under `ingest.columns`.

# %% tags=["parameters"]
export_path = "../data/sample/tickets.csv"
config_path = None

# %%
# %load_ext autoreload
# %autoreload 2
import demandlens as dl

config = dl.PipelineConfig.from_yaml(config_path) if config_path else dl.PipelineConfig()
config = config.replace(ingest={"keep_raw_text": True})  # in memory only, to compare below
result = dl.load_tickets(export_path, config)

# %% [markdown]
# ## Which columns were used

# %%
result.column_map

# %% [markdown]
# ## Row accounting: every row read is either accepted or rejected with a reason

# %%
result.accounting

# %%
result.rejected.head(20)

# %% [markdown]
# ## Cleaning and masking on a few examples (raw text stays in memory, never on disk)

# %%
result.tickets[["ticket_id", "language", "raw_text", "text"]].sample(5, random_state=1)

# %% [markdown]
# ## Language and channel mix

# %%
result.tickets["language"].value_counts().to_frame("tickets")

# %%
result.tickets["channel"].value_counts().to_frame("tickets")
