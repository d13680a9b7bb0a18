"""Synthetic ITA report generator: documents, their renderings and ground truth.

Run `python -m samples.generate --help`. The generator is deterministic for a seed.
"""
