"""Commentary Markdown -> safe HTML, and the safety checks around it.

Two layers, so that nothing unsafe is published even if one is bypassed:

1. `scan(body)` reads the Markdown source and names, with a line number,
   everything the archive refuses: raw HTML beyond a small allowlist,
   scripts, event handlers, `style`, comments, links and images that are not
   http(s)/mailto (however the scheme is obfuscated) and attribute-list syntax.
2. `render(body)` converts the body with a dedicated Python-Markdown instance
   (no attr_list, no md_in_html) and passes the HTML through nh3 with an
   explicit allowlist. If the sanitizer changed anything, `UnsafeContent`
   is raised: the build fails instead of silently publishing an edited text.
"""
from __future__ import annotations

import html
import re
from difflib import SequenceMatcher
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

# Raw HTML a contributor may write, without attributes.
RAW_TAGS = ("sub", "sup", "kbd", "br", "abbr")
URL_SCHEMES = {"http", "https", "mailto"}
HEADING_SHIFT = 3  # '#' in a commentary becomes <h4>: the page has h1, h2 and one h3 per commentary

# What rendered commentary may contain after sanitizing.
TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "span", "div", *RAW_TAGS,
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
}
_CLASS_OK = {
    "code": re.compile(r"language-[A-Za-z0-9_+#.\-]{1,40}"),
    "span": re.compile(r"arithmatex"),
    "div": re.compile(r"arithmatex"),
}
_ALIGN = {"left", "center", "right"}
LINK_REL = "nofollow ugc noopener noreferrer"

ALLOWED_TAGS_TEXT = "<sub>, <sup>, <kbd>, <br> and <abbr>"
LINK_RULE = "links and images must start with https://, http:// or mailto: (or be a relative link within this site)"


class UnsafeContent(ValueError):
    """The sanitizer had to change rendered commentary; `changes` says what."""

    def __init__(self, changes: list[tuple[str, str]]):
        self.changes = changes  # (description, text to look for in the source)
        super().__init__("the HTML sanitizer had to remove " + "; ".join(d for d, _ in changes))


# --- Layer 1: the source scan -------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)((?:[^\n]|\n(?![ \t]*\n))+?)(?<!`)\1(?!`)")
_MATH = re.compile(
    r"(?<!\\)\$\$(?:[^$]|\$(?!\$))+?\$\$"          # $$ ... $$
    r"|(?<![\\$])\$(?![\s$])(?:\\.|[^\\$\n])+?(?<!\s)\$"  # $ ... $
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*)>")
_TAG = re.compile(r"<(/?)([A-Za-z][^<>@\s/]*)((?:\s|/)[^<>]*)?>")
_MARKUP = re.compile(r"<[!?]")
_ATTR = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_INLINE_URL = re.compile(r"\]\(\s*(<[^>\n]*>|(?:[^)\n]|\n(?![ \t]*\n))+)")
_REF_URL = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.M)
_ATTR_LIST = re.compile(r"(?<!\\)\{[ \t]*[:.#]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\\\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of each (start, end) span, except line
    breaks, replaced by spaces: same length, same lines."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _mask(body: str) -> str:
    """The body with code and math blanked out (same length, same lines):
    what is written there is shown as text, never taken as HTML."""
    lines = body.split("\n")
    fence = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is None:
            if m and not (m[1][0] == "`" and "`" in line[m.end():]):
                fence = m[1]
        elif m and m[1][0] == fence[0] and len(m[1]) >= len(fence) and not line[m.end():].strip():
            fence = None
        else:
            lines[i] = " " * len(line)
    text = "\n".join(lines)
    for pattern in (_CODE_SPAN, _MATH):
        text = _blank(text, [m.span() for m in pattern.finditer(text)])
    text = _blank(text, _between(text, "\\(", "\\)", within_paragraph=True))
    return _blank(text, _between(text, "\\[", "\\]", within_paragraph=False))


def _between(text: str, opening: str, closing: str, *, within_paragraph: bool) -> list[tuple[int, int]]:
    """Spans from `opening` to the next `closing` (\\( \\) and \\[ \\] math),
    found with str.find: no backtracking pattern, whatever the text."""
    spans, at = [], 0
    while (start := text.find(opening, at)) >= 0:
        end = text.find(closing, start + len(opening))
        if end < 0:
            break
        if within_paragraph and _BLANK_LINE.search(text, start, end):
            at = start + len(opening)
            continue
        spans.append((start, end + len(closing)))
        at = end + len(closing)
    return spans


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in `url`, however it is disguised with
    entities, white space, control characters or letter case; None if relative."""
    value = url.strip().strip("<>")
    for _ in range(3):  # entities inside entities
        unescaped = html.unescape(value)
        if unescaped == value:
            break
        value = unescaped
    value = _INVISIBLE.sub("", value)
    m = _SCHEME.match(value)
    return m[1].lower() if m else None


def url_allowed(url: str) -> bool:
    scheme = scheme_of(url)
    return scheme is None or scheme in URL_SCHEMES


def _shown(url: str) -> str:
    url = " ".join(url.strip().strip("<>").split())
    return url if len(url) <= 60 else url[:57] + "..."


def _tag_problem(closing: str, name: str, attrs: str) -> str | None:
    name = name.lower()
    names = [m[1].lower() for m in _ATTR.finditer(attrs or "")]
    if name == "script":
        return "<script> is not allowed: commentary cannot run scripts"
    handler = next((a for a in names if a.startswith("on")), None)
    if handler:
        return f"the event-handler attribute '{handler}' is not allowed: commentary cannot run scripts"
    if "style" in names:
        return "the 'style' attribute is not allowed: the site's style applies to every commentary"
    if name not in RAW_TAGS:
        return f"raw HTML <{name}> is not allowed; write Markdown instead (the only HTML tags allowed are {ALLOWED_TAGS_TEXT})"
    if names and not closing:
        return f"<{name}> cannot have attributes here: write it as plain <{name}>"
    return None


def scan(body: str) -> list[tuple[int, str]]:
    """Every unsafe construct in a commentary body as (line in body, message),
    in order of appearance; lines count from 1."""
    text = _mask(body)
    found: list[tuple[int, str]] = []

    def add(offset: int, message: str) -> None:
        found.append((text.count("\n", 0, offset) + 1, message))

    autolinks = list(_AUTOLINK.finditer(text))
    for m in autolinks:
        if not url_allowed(m[1]):
            add(m.start(), f"the address '{_shown(m[1])}' is not allowed: {LINK_RULE}")
    for m in _INLINE_URL.finditer(text):
        if not url_allowed(m[1]):
            add(m.start(1), f"the address '{_shown(m[1])}' is not allowed: {LINK_RULE}")
    for m in _REF_URL.finditer(text):
        if not url_allowed(m[1]):
            add(m.start(1), f"the address '{_shown(m[1])}' is not allowed: {LINK_RULE}")
    spans = [(m.start(), m.end()) for m in autolinks]
    for m in _TAG.finditer(text):
        if m[1] or any(s <= m.start() < e for s, e in spans):
            continue  # closing tags: the opening tag says what is wrong
        message = _tag_problem(m[1], re.match(r"[A-Za-z][A-Za-z0-9-]*", m[2])[0], m[3])
        if message:
            add(m.start(), message)
    for m in _MARKUP.finditer(text):
        if text.startswith("<!--", m.start()):
            add(m.start(), "HTML comments (<!-- ... -->) are not allowed: they hide text from readers and reviewers")
        else:
            add(m.start(), f"raw HTML '{text[m.start():m.start() + 9].split()[0]}' is not allowed; write Markdown instead")
    for m in _ATTR_LIST.finditer(text):
        add(m.start(), "attribute lists such as '{: ... }', '{.class}' or '{#id}' are not allowed in commentary: remove the braces")
    out, seen = [], set()
    for item in sorted(found, key=lambda f: f[0]):
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# --- Layer 2: rendering and the sanitizer -------------------------------------

class _DemoteHeadings(Treeprocessor):
    def run(self, root):
        for el in root.iter():
            if re.fullmatch(r"h[1-6]", el.tag):
                el.tag = f"h{min(6, int(el.tag[1]) + HEADING_SHIFT)}"


class _Headings(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_DemoteHeadings(md), "pa_demote_headings", 5)


def markdown_html(body: str) -> str:
    """The body as Python-Markdown renders it, before sanitizing. A fresh
    instance each time: MkDocs' extensions (attr_list, md_in_html) never apply."""
    md = markdown.Markdown(
        extensions=[TableExtension(use_align_attribute=True), "fenced_code", "pymdownx.arithmatex", _Headings()],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
        output_format="html",
    )
    return md.convert(body)


def _filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "class":
        pattern = _CLASS_OK.get(tag)
        return value if pattern and pattern.fullmatch(value) else None
    if attr == "align":
        return value if value in _ALIGN else None
    if attr == "start":
        return value if value.isdigit() else None
    return value


def _one_line(tag: str, attr: str, value: str) -> str | None:
    # A line break inside an attribute could start a line that MkDocs'
    # Markdown extensions (snippets) read as a directive: keep values on one line.
    value = _filter(tag, attr, value)
    return None if value is None else re.sub(r"[\r\n]+", " ", value)


def clean(fragment: str, *, publish: bool = True) -> str:
    """The fragment as nh3 sanitizes it. `publish=False` adds nothing (no rel,
    no line joining), so the result can be compared with the input."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_one_line if publish else _filter,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel=LINK_REL if publish else None,
    )


_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Events(HTMLParser):
    """HTML as a list of parse events, so two serializations can be compared."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "data":
            self.events[-1] = ("data", self.events[-1][1] + data)
        else:
            self.events.append(("data", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))

    handle_pi = unknown_decl = handle_decl


def events(fragment: str) -> list[tuple]:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return parser.events


def _describe(event: tuple, after: list[tuple]) -> list[tuple[str, str]]:
    kind = event[0]
    if kind == "start":
        tag, attrs = event[1], dict(event[2])
        kept = next((dict(e[2]) for e in after if e[0] == "start" and e[1] == tag), None)
        if kept is None:
            return [(f"the <{tag}> tag", f"<{tag}")]
        out = []
        for name, value in attrs.items():
            if kept.get(name) != value:
                if name in ("href", "src"):
                    out.append((f"the address '{_shown(value)}' of <{tag}>", value))
                else:
                    out.append((f"the '{name}' attribute of <{tag}>", name))
        return out
    if kind == "end":
        return []
    if kind == "data":
        text = " ".join(event[1].split())
        kept = " ".join(" ".join(e[1] for e in after if e[0] == "data").split())
        if not text or text in kept:  # only merged with the text around a removed tag
            return []
        return [(f"the text '{_shown(text)}'", event[1].strip().split("\n")[0])]
    if kind == "comment":
        return [("an HTML comment", "<!--")]
    return [(f"the markup '<!{_shown(event[1])}>'", event[1])]


def changes(rendered: str, cleaned: str) -> list[tuple[str, str]]:
    """What the sanitizer removed or repaired: (description, source needle)."""
    before, after = events(rendered), events(cleaned)
    if before == after:
        return []
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            for event in before[i1:i2]:
                out += _describe(event, after[j1:j2])
        if op in ("insert", "replace"):
            for event in after[j1:j2]:
                if event[0] == "end" and not any(e[0] == "end" and e[1] == event[1] for e in before[i1:i2]):
                    out.append((f"an unclosed <{event[1]}> tag", f"<{event[1]}"))
    unique = list(dict.fromkeys(out))
    return unique or [("malformed HTML", "<")]


def render(body: str) -> str:
    """A commentary body as safe HTML. Raises UnsafeContent when the sanitizer
    had to change the rendered Markdown: nothing is silently edited."""
    rendered = markdown_html(body)
    found = changes(rendered, clean(rendered, publish=False))
    if found:
        raise UnsafeContent(found)
    return clean(rendered)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, on one line (for search)."""
    return " ".join("".join(e[1] for e in events(fragment) if e[0] == "data").split())


# Rendering cost. Python-Markdown's link and image patterns look for the end
# of every '[' and '(' by scanning forward: see too_much_bracket_work.
MAX_BRACKET_WORK = 200_000  # about 0.3 s of Python-Markdown's link matching
_BRACKET = re.compile(r"[\[\]()]")


def too_much_bracket_work(body: str) -> int | None:
    """Where the text with too much bracket matching starts, or None.

    Python-Markdown looks for the end of every '[' and '(' (a link, an
    image) by scanning forward: the cost is the sum of the distances to their
    closing characters, or to the end of the text when there is none. 10,000
    '[' took 30 s to render. Over MAX_BRACKET_WORK, the body is refused."""
    stack: list[int] = []
    work = 0
    for m in _BRACKET.finditer(body):
        c, at = m[0], m.start()
        if c in "[(":
            stack.append(at)
        elif stack and body[stack[-1]] == ("[" if c == "]" else "("):
            work += at - stack.pop()
    work += sum(len(body) - at for at in stack)
    if work <= MAX_BRACKET_WORK:
        return None
    return min(stack) if stack else 0
