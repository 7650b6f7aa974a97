"""The commentary file a paper page's "Comment on this paper" link prefills.

The link opens GitHub's web editor on a new file commentary/<key>/
YOUR-GITHUB-HANDLE.md holding TEMPLATE (the page's script puts in the key
and the reader's date: generator/site/render/contribute.py). The guide is
YAML comments in the front matter, which the check reads past; the reader
replaces the placeholders, and the check names each one left in (commentary.py).
"""
from __future__ import annotations

HANDLE = "YOUR-GITHUB-HANDLE"  # a valid GitHub handle in form: the check refuses it by name
FILE_NAME = f"{HANDLE}.md"
DATE = "YYYY-MM-DD"  # what a reader may write by hand; the script fills in the day
BODY = "Write your commentary here, in Markdown, in place of this sentence."

# "{key}" and "{date}" are replaced, by the page's script and by fill() alike.
TEMPLATE = f"""---
# Your commentary on this paper. Before you commit:
# 1. Replace {HANDLE} with your GitHub handle, on the author line and in the file name.
# 2. Write your commentary under the second --- line.
# 3. Optional: remove the '# ' before verdict (one line, shown in bold), name or tags.
# Then commit: GitHub proposes a pull request, and its check says what to fix.
# Guide: CONTRIBUTING.md, "Add commentary on a paper".
paper: {{key}}
author: {HANDLE}
date: {{date}}
# verdict: your commentary in one line
# name: the name to show instead of your handle
# tags: [a-tag-from-taxonomy-yml]
---
{BODY}
"""


def fill(key: str, date: str) -> str:
    """TEMPLATE for one paper and day, as the page's script makes it."""
    return TEMPLATE.replace("{key}", key).replace("{date}", date)


def is_handle(value: str) -> bool:
    return value.casefold() == HANDLE.casefold()
