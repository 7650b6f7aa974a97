"""Tagging: the taxonomy (`taxonomy.yml`) and which of its topics a paper is about.

taxonomy.py  loading and validating the taxonomy, a paper's tags
tagging.py   scoring a paper's text against the taxonomy's phrases (pure)

May import `archive`.
"""
