"""MkDocs loads hooks by file path; the hooks themselves live in the package
(generator/mkdocs_hooks.py), where they are tested like the rest."""
from generator.mkdocs_hooks import *  # noqa: F401,F403
