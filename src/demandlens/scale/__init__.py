"""Scale: large exports, fitted on a stratified sample and assigned in batches or on Dask.

sampling (stratified sample, themes fitted on it, batched assignment from disk),
distributed (assignment of vector partitions on a Dask cluster; pip install 'demandlens[scale]').

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "distributed": ["assign_partitions", "read_assignments"],
        "sampling": ["stratified_sample", "strata", "build_themes_on_sample", "assign_parquet"],
    },
)
