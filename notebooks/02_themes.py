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
# **What this does:** runs the whole pipeline on an export and writes a run folder: tickets are
# embedded with a multilingual model (cached, so a re-run only embeds new texts), grouped into
# themes, and each theme is described by keywords per language and representative tickets.
# Then browse the themes, look at the map, and merge or split themes where the grouping is off.

# %% tags=["parameters"]
export_path = "../data/sample/tickets.csv"
run_dir = "../runs/notebook"
project_dir = ".."
config_path = None

# %%
import demandlens as dl

config = dl.PipelineConfig.from_yaml(config_path) if config_path else dl.PipelineConfig()
run = dl.run_pipeline(export_path, run_dir, config, project_dir=project_dir)
run.manifest["accounting"]

# %% [markdown]
# ## Themes by size

# %%
run.themes[["theme_key", "size", "share", "top_keywords"]].head(30)

# %% [markdown]
# ## Keywords per language and representative tickets of the largest theme

# %%
dl.theme_card(run, run.themes["theme_key"].iloc[0])

# %% [markdown]
# ## The map: one dot per ticket, coloured by theme (hover for the text)

# %%
dl.theme_map(run)

# %% [markdown]
# ## Merge or split themes
# Merging keeps the larger theme's key, so its label carries over. Every operation is recorded
# in the run folder and replayed on the next re-run.

# %%
first, second = run.themes["theme_key"].iloc[-2:]
run = dl.merge_themes(run, [first, second])
run = dl.split_theme(run, run.themes["theme_key"].iloc[0])
run.save(run_dir)
run.operations
