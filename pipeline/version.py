"""The version stamped on every loaded file: a file ingested by another version is
processed again (so a fix in extraction reaches files already loaded)."""

PIPELINE_VERSION = "0.23.0"
