"""TeX in titles, abstracts and commentary, typeset when the site is built.

Paper records carry raw TeX (`$O(1/\\alpha)$`, `Schr\\"odinger`, `\\textbf{...}`).
Math between `$...$`, `$$...$$`, `\\(...\\)` or `\\[...\\]` becomes MathML, which
every current browser renders: no math script on any page (issue 12; KaTeX
was 277 KB of JavaScript). Outside math, accents, `\\textbf{...}` and the like
become the text a reader expects, and a tie (`Fig.~1`) a no-break space.

latex2mathml's output is never trusted as it is: it copies text unescaped
(`\\text{<b>}`) and attributes such as `href` from `\\href`. Its element tree is
written out here, MathML elements and attributes from an allowlist only, every
text and value escaped. TeX it cannot read, or that yields anything else, is
shown as its source, as escaped text; it never fails a build.
"""
from __future__ import annotations

import functools
import html
import re
import logging
import xml.etree.ElementTree as ET

from latex2mathml.converter import convert_to_element
from pylatexenc.latex2text import LatexNodes2Text

from . import escape

# pylatexenc logs a warning for every macro it cannot expand: the source stays.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)

MAX_TEX = 1000  # characters of one formula; longer is shown as its source

# Pandoc's rules for $: the opening one is followed by a non-space, the closing
# one preceded by a non-space and not followed by a digit ("costs $5 and $10"
# is no math); a backslash escapes a dollar.
_MATH = re.compile(
    r"(?<![\\$])\$\$(?P<dd>(?:[^$]|\$(?!\$))+?)\$\$"
    r"|(?<![\\$])\$(?![\s$])(?P<d>(?:\\.|[^\\$])+?)(?<![\s\\])\$(?!\d)"
    r"|\\\((?P<p>.+?)\\\)"
    r"|\\\[(?P<b>.+?)\\\]",
    re.S)

_ACCENT = r"""["'`^~=.]"""
_GREEK = (r"(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi"
          r"|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega)")
_NOISE = re.compile(
    r"\{\\" + _ACCENT + r"\s*(?:\{[A-Za-z]\}|[A-Za-z])\}"          # {\"o}
    r"|\{\\[uvHckbdrt]\s*(?:\{[A-Za-z]\}|[A-Za-z])\}"              # {\c c}
    r"|\\" + _ACCENT + r"\s*(?:\{\\?[A-Za-z]\}|[A-Za-z])"           # \"o \"{o} \'{\i}
    r"|\\[uvHckbdrt]\{\\?[A-Za-z]\}"                              # \c{c} \v{s}
    r"|\\(?:textbf|textit|textsl|textsc|texttt|textrm|textsf|textup|emph|underline|mbox|text)\{[^{}$]*\}"
    r"|\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L)\{\}"
    r"|\\(?:ss|ae|AE|oe|OE|aa|AA)(?![A-Za-z])"
    r"|\\[%&_#$]"
    # Seen in real arXiv abstracts, outside any $: `{\it single-loop}`, `{\alpha}`.
    r"|\{\\(?:it|bf|em|sl|sc|tt|rm|sf)\s+[^{}$\\]*\}"
    r"|\{\\" + _GREEK + r"\}|\\" + _GREEK + r"(?![A-Za-z])"
)
_TIE = re.compile(r"(?<=\S)~(?=\S)")
# TeX quotes: ``a'' (and ''a'', a common slip) as the quotation marks meant.
_QUOTES = ((re.compile(r"``|(?<!\S)''(?=\w)"), "\u201c"), (re.compile(r"''"), "\u201d"))

_TAGS = frozenset("""math mrow mi mn mo ms mtext mspace mfrac msqrt mroot mstyle merror mpadded mphantom
    mfenced menclose msub msup msubsup munder mover munderover mmultiscripts mprescripts none mtable mtr
    mtd mlabeledtr semantics annotation""".split())
_ATTRS = frozenset("""display mathvariant stretchy fence separator separators lspace rspace form largeop
    movablelimits accent accentunder minsize maxsize symmetric linethickness displaystyle scriptlevel
    columnalign columnspacing columnlines rowalign rowspacing rowlines frame framespacing equalrows
    equalcolumns align notation open close width height depth voffset mathsize rowspan columnspan
    encoding""".split())
_VALUE = re.compile(r"[\w .%#+\-]*")


class _Unsafe(ValueError):
    pass


def _text(value: str | None) -> str:
    # latex2mathml writes characters as entity references (&#x003B1;): real
    # characters are lighter, and every <, > and & is escaped again here.
    return escape.text(html.unescape(value)) if value else ""


def _write(el: ET.Element, out: list[str]) -> None:
    tag = el.tag.rsplit("}", 1)[-1]
    if tag not in _TAGS:
        raise _Unsafe(tag)
    attrs = []
    for name, value in sorted(el.attrib.items()):
        name = name.rsplit("}", 1)[-1]
        if name == "xmlns" or (tag == "math" and name == "display" and value == "inline"):
            continue
        if name not in _ATTRS or not _VALUE.fullmatch(value):
            raise _Unsafe(f"{tag} {name}")
        attrs.append(f' {name}="{html.escape(value)}"')
    out.append(f"<{tag}{''.join(attrs)}>{_text(el.text)}")
    for child in el:
        _write(child, out)
        out.append(_text(child.tail))
    out.append(f"</{tag}>")


@functools.lru_cache(maxsize=65536)
def typeset(tex: str, display: bool = False) -> str | None:
    """One formula as MathML, or None when it cannot be typeset safely."""
    tex = tex.strip()
    if not tex or len(tex) > MAX_TEX:
        return None
    try:
        element = convert_to_element(tex, display="block" if display else "inline")
        out: list[str] = []
        _write(element, out)
    except Exception:  # latex2mathml raises many kinds on bad TeX: show the source
        return None
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _latex2text() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def _noise_to_text(match: re.Match) -> str:
    return _tex_to_text(match[0])


@functools.lru_cache(maxsize=4096)  # pylatexenc takes ~1 ms a call; the same few accents recur
def _tex_to_text(tex: str) -> str:
    try:
        return _latex2text().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", tex))  # % would start a comment
    except Exception:
        return tex


def _has_tex(value: str) -> bool:
    # Most titles and abstracts hold none: they skip the regular expressions.
    return "$" in value or "\\" in value or "~" in value or "``" in value or "''" in value


def plain_text(value: str) -> str:
    """Text outside math, TeX noise turned into what a reader expects."""
    if not _has_tex(value):
        return value
    value = _NOISE.sub(_noise_to_text, value)
    value = _TIE.sub("\u00a0", value)
    for pattern, char in _QUOTES:
        value = pattern.sub(char, value)
    return value


def _formula(match: re.Match) -> tuple[str, bool]:
    if match["dd"] is not None:
        return match["dd"], True
    if match["b"] is not None:
        return match["b"], True
    return (match["d"] if match["d"] is not None else match["p"]), False


@functools.lru_cache(maxsize=65536)  # a title is on its page and in several lists
def to_html(value: str) -> str:
    """Untrusted text as safe HTML: escaped, its math as MathML."""
    if not _has_tex(value):
        return escape.text(value)
    out, at = [], 0
    for match in _MATH.finditer(value):
        out.append(escape.text(plain_text(_ties(value, at, match.start()))))
        tex, display = _formula(match)
        out.append(typeset(tex, display) or escape.text(match[0]))
        at = match.end()
    out.append(escape.text(plain_text(_ties(value, at, len(value)))))
    return "".join(out)


def _ties(value: str, start: int, end: int) -> str:
    """value[start:end], text between formulas, with a tie next to a formula
    (`by~$\\epsilon$`, `$x$~is`) as the no-break space it means."""
    part = value[start:end]
    if part.endswith("~") and end < len(value) and len(part) > 1 and not part[-2].isspace():
        part = part[:-1] + "\u00a0"
    if part.startswith("~") and start > 0 and len(part) > 1 and not part[1].isspace():
        part = "\u00a0" + part[1:]
    return part


def _math_as_text(match: re.Match) -> str:
    tex, display = _formula(match)
    if typeset(tex, display) is None:  # not TeX that reads: its source
        return match[0]
    try:
        return _latex2text().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", tex)).strip() or match[0]
    except Exception:
        return match[0]


@functools.lru_cache(maxsize=65536)
def to_text(value: str) -> str:
    """Untrusted text as plain text (page titles, descriptions, list snippets):
    math as the closest text (`$O(1/\\alpha)$` -> `O(1/α)`), noise as text."""
    if not _has_tex(value):
        return value
    out, at = [], 0
    for match in _MATH.finditer(value):
        out.append(plain_text(_ties(value, at, match.start())))
        out.append(_math_as_text(match))
        at = match.end()
    out.append(plain_text(_ties(value, at, len(value))))
    return "".join(out)


_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_DELIMS = re.compile(r"^\s*\\[(\[](.*)\\[)\]]\s*$", re.S)


def typeset_html(fragment: str) -> str:
    """Sanitized commentary HTML with its math (pymdownx.arithmatex's generic
    spans and blocks) as MathML; what cannot be typeset keeps its TeX."""
    def one(match: re.Match) -> str:
        tex = html.unescape(match[2])
        inner = _DELIMS.match(tex)
        mathml = typeset(inner[1] if inner else tex, display=match[1] == "div")
        if mathml is None:
            return match[0]
        return f'<div class="pa-math">{mathml}</div>' if match[1] == "div" else mathml
    return _ARITHMATEX.sub(one, fragment)
