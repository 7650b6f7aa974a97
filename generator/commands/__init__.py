"""The `paper-archive` command line (`python -m generator` too).

cli.py    the commands, their flags and exit codes
stats.py  archive totals for `paper-archive stats`

The top of the stack: may import every other package.
"""
