"""Material's palette stylesheet, cut to the colours of mkdocs.yml's palette
(generator/build/palette_css.py; issue 12): nothing this site's pages use is lost,
the other colours are."""
from __future__ import annotations

import gzip
from pathlib import Path

import material

from generator.build import palette_css

MATERIAL_PALETTE = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("palette.*.min.css"))
OURS = [{"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo"},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo"}]


def test_keeps_the_palettes_colours_and_the_dark_scheme_only():
    full = MATERIAL_PALETTE.read_text(encoding="utf-8")
    cut = palette_css.subset(full, OURS)
    for kept in ("[data-md-color-primary=indigo]{", "[data-md-color-accent=indigo]{",
                 "[data-md-color-scheme=slate]{color-scheme:dark;",
                 "[data-md-color-scheme=slate][data-md-color-primary=indigo]{--md-typeset-a-color:#5488e8}"):
        assert kept in cut
    for gone in ("teal", "deep-orange", "=black]", "=white]", "=yellow]"):
        assert gone in full and gone not in cut
    assert cut.count("{") == cut.count("}")
    assert len(gzip.compress(cut.encode())) < len(gzip.compress(full.encode())) / 2


def test_every_colour_of_a_list_palette_is_kept_and_defaults_are_indigo():
    full = MATERIAL_PALETTE.read_text(encoding="utf-8")
    cut = palette_css.subset(full, [{"primary": "deep orange"}, {"scheme": "slate", "primary": "teal", "accent": "lime"}])
    assert "[data-md-color-primary=deep-orange]{" in cut and "[data-md-color-primary=teal]{" in cut
    assert "[data-md-color-accent=lime]{" in cut and "[data-md-color-accent=indigo]{" in cut  # the first's default
    assert "[data-md-color-primary=indigo]{" not in cut
    assert palette_css.subset(full, None) == palette_css.subset(full, {"primary": "indigo", "accent": "indigo"})


def test_selector_lists_lose_only_their_unused_colours():
    css = ("/* c */@charset \"UTF-8\";[data-md-color-primary=a],[data-md-color-primary=b] .x,.y:not([p]){c:d}"
           "@media screen{[data-md-color-accent=b]{e:f}}@media print{.z{g:h}}")
    assert palette_css.subset(css, {"primary": "a", "accent": "a"}) == (
        '@charset "UTF-8";[data-md-color-primary=a],.y:not([p]){c:d}@media print{.z{g:h}}')
