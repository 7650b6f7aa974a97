"""TeX typeset when the site is built (generator/site/render/math.py, issue 12)."""
from __future__ import annotations

import pytest

from generator.site.render import math

ALPHA = '<math><mrow><mi>O</mi><mo stretchy="false">(</mo><mn>1</mn><mo>/</mo><mi>α</mi><mo stretchy="false">)</mo></mrow></math>'


@pytest.mark.parametrize("tex, html", [
    (r"rates of $O(1/\alpha)$ here", f"rates of {ALPHA} here"),
    (r"see \(x^2\)", "see <math><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math>"),
    (r"$$x$$", '<math display="block"><mrow><mi>x</mi></mrow></math>'),
    # Noise outside math becomes the text a reader expects.
    (r'Schr\"odinger and Erd\H{o}s, {\'e}t\'e \c{c}a', "Schrödinger and Erdős, été ça"),
    (r"\textbf{Bold} and \emph{new}: 50\% of it", "Bold and new: 50% of it"),
    # As real arXiv abstracts have them, outside math.
    (r"a fully {\it single-loop} method with scalar {\alpha} and \beta-VAE", "a fully single-loop method with scalar α and β-VAE"),
    (r"\alphabet and \pi \ x", r"\alphabet and π \ x"),  # not a Greek letter; a lone backslash stays
    (r"by~$x$~is", "by\u00a0<math><mrow><mi>x</mi></mrow></math>\u00a0is"),
    ("Fig.~1 and ~100 tokens, ``quoted'' and ''slip''", "Fig.\u00a01 and ~100 tokens, \u201cquoted\u201d and \u201cslip\u201d"),
    # Not math: dollars of money, an escaped dollar.
    ("costs $5 and $10", "costs $5 and $10"),
    (r"a \$ sign", "a $ sign"),
    # Untrusted text stays text.
    ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
])
def test_tex_becomes_mathml_and_text(tex, html):
    assert math.to_html(tex) == html


def test_unreadable_tex_is_shown_as_its_source():
    assert math.to_html(r"bad $\frac{$ end") == r"bad $\frac{$ end"
    assert math.to_html(r"$\begin{foo}$") == r"$\begin{foo}$"
    assert math.to_text(r"bad $\frac{$ end") == r"bad $\frac{$ end"


def test_latex2mathml_output_is_never_trusted():
    # It copies \text{} unescaped and \href's target as an attribute: the one is
    # escaped, the other refused (the formula then shows as its source).
    assert math.to_html(r"$\text{<script>}$") == "<math><mrow><mtext>&lt;script&gt;</mtext></mrow></math>"
    assert math.to_html(r"$\href{javascript:alert(1)}{x}$") == r"$\href{javascript:alert(1)}{x}$"
    assert "href" not in math.to_html(r"$\href{https://x.org}{x}$").replace(r"\href", "")


def test_too_long_a_formula_is_shown_as_its_source():
    tex = "$" + "x+" * math.MAX_TEX + "x$"
    assert math.to_html(tex) == tex


def test_plain_text_for_titles_and_snippets():
    assert math.to_text(r"$O(1/\alpha)$ bounds for Schr\"odinger") == "O(1/α) bounds for Schrödinger"


def test_commentary_math_from_arithmatex_becomes_mathml():
    html = ('<p>so <span class="arithmatex">\\(x&lt;1\\)</span>.</p>\n'
            '<div class="arithmatex">\\[\\int_0^1 f\\]</div>\n<p><span class="arithmatex">\\(\\frac{\\)</span></p>')
    assert math.typeset_html(html) == (
        '<p>so <math><mrow><mi>x</mi><mo>&lt;</mo><mn>1</mn></mrow></math>.</p>\n'
        '<div class="pa-math"><math display="block"><mrow><msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup>'
        '<mi>f</mi></mrow></math></div>\n'
        '<p><span class="arithmatex">\\(\\frac{\\)</span></p>')
