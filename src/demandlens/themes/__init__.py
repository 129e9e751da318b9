"""Themes: reduce, cluster, assign, describe and edit the contact-reason themes of a run.

build_themes (build) runs reduce (UMAP) → cluster (HDBSCAN) → keys → map → describe;
assign holds the one nearest-centroid assignment every path uses; edits are the analyst's
merge / split / move operations (refresh recomputes what they change); grain re-clusters a
run coarser or finer and previews a theme's sub-themes; evaluate scores
themes against gold labels.

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "assign": ["centroids", "assign_to_centroids", "theme_bars"],
        "build": ["build_themes", "cluster_tickets", "map_and_describe"],
        "cluster": ["GRANULARITY_STEPS", "ClusterResult", "auto_params", "cluster_embeddings"],
        "describe": ["describe_themes", "keywords_by_language"],
        "edits": [
            "theme_key", "child_key", "merge_themes", "split_theme", "move_tickets", "replay",
        ],
        "grain": ["regroup", "sub_themes"],
        "evaluate": ["translation_pair_agreement", "clustering_scores"],
        "reduce": ["Reducer", "adaptive_n_neighbors", "reduce_2d"],
        "refresh": ["refresh_themes"],
        "exemplars": ["representatives"],
        "tokens": [
            "tokenize", "stop_words", "PLACEHOLDERS", "FILLER", "OVERRIDES", "LEMMA_SOURCES",
            "lemmatizer_for",
        ],
    },
)
