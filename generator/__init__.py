"""paper-archive: a static site generator for a research-paper archive."""

__version__ = "0.1.0"
