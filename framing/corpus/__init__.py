"""Corpus ingestion: readers, decoding and repair, cleaning, segmentation, the store."""
