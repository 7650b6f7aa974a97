"""What the generator reads of mkdocs.yml (site_url), and where the site's
pages go (docs/). Its own module: `generate` and `check` both need it."""
from __future__ import annotations

from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

from ..archive.model import InputError, Problem

DOCS = "docs"
CONFIG = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for plain values and `!ENV`; other tags
    (such as !!python/name) become None."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(root: Path) -> dict:
    path = root / CONFIG
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) if path.exists() else None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError([Problem(CONFIG, "1", "yaml", f"not readable: {type(exc).__name__}")]) from None
    return config if isinstance(config, dict) else {}


def site_url(root: Path) -> str:
    """mkdocs.yml's site_url: the base of feed ids and of absolute page URLs."""
    url = _config(root).get("site_url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InputError([Problem(CONFIG, "1", "site_url", "needed (an http(s) URL): feeds and citation tags use absolute URLs")])
    return url if url.endswith("/") else url + "/"
