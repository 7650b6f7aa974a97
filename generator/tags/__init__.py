"""Tagging: the taxonomy (`taxonomy.yml`) and which of its topics a paper is about.

taxonomy.py  loading and validating the taxonomy, a paper's tags
tagging.py   scoring a paper's text against the taxonomy's phrases (pure)
labels.py    the labelled papers (labels/*.jsonl): reading and validation
tagmodel.py  what the tagging learns from the labelled papers, on top of the phrases

May import `archive`.
"""
