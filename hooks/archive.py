"""MkDocs loads hooks by file path; the hooks themselves live in the package
(generator/build/mkdocs_hooks.py), where they are tested like the rest."""
from generator.build.mkdocs_hooks import *  # noqa: F401,F403
