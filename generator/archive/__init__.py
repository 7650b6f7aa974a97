"""The archive store: paper records and the files under `data/`.

model.py     the `Paper` record, its validation, `Problem`s and slugs
store.py     the ONLY code that reads or writes `data/papers/`
merge.py     the same paper from several sources becomes one record (pure)
lock.py      the writers' lock: one process at a time writes `data/` or `docs/`
files.py     atomic, change-only file writes (the store and the site writer)
yamlsafe.py  YAML from strangers, read within bounds
report.py    how problems reach a person (plain lines, GitHub annotations)

Imports nothing else of the generator: every other package builds on this one.
"""
