"""Full-text papers as arXiv LaTeX sources: a ``.tex`` file, a folder holding
one, or an arXiv source archive (``.tar.gz``).

The main file is the one with ``\\documentclass`` (else ``\\begin{document}``);
``\\input``/``\\include`` are followed (relative to the main file, cycles and
missing files ignored, at most 20 levels). The flattened source is rendered
once as Markdown (``render``): ``\\title`` as ``#``, the abstract and
``\\section``/``\\subsection``/``\\subsubsection`` as headings, each
``tabular`` as an HTML table (``\\multicolumn`` -> colspan, ``\\multirow`` ->
rowspan, rows above the first ``\\midrule``/``\\hline`` after the first row
as headers) after its ``\\caption`` as a "Table N:" paragraph, and the text
with its formatting commands unwrapped and citations dropped. The document
is then read by the Markdown reader, so sections, passages and tables work
as for a converted PDF; a claim's offsets index the rendering (``render``
gives it back). Display math, figures' bodies and comments give no text.
"""
from __future__ import annotations

import functools
import html
import tarfile
from pathlib import Path
from typing import Callable, Iterator, Optional

import regex

from ..model import Doc
from .markdown import markdown_document

_MAX_DEPTH = 20
_MAX_GROUP = 20_000   # a brace group longer than this is not read as an argument
_COMMENT = regex.compile(r"(?<!\\)%[^\n]*")
_INPUT = regex.compile(r"\\(?:input|include)\s*\{([^{}\n]{1,200})\}")
_BEGIN_DOC = regex.compile(r"\\begin\{document\}")
_END_DOC = regex.compile(r"\\end\{document\}")
# environments with no prose: display math, code, pictures
_DROP_ENVS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
              "eqnarray", "eqnarray*", "displaymath", "verbatim", "lstlisting", "minted", "algorithmic",
              "algorithm", "tikzpicture", "figure", "figure*", "thebibliography")
_SECTION = regex.compile(r"\\(?P<level>section|subsection|subsubsection|paragraph)\*?\s*(?:\[[^\]]{0,200}\])?\s*\{")
_TABLE_ENV = regex.compile(r"\\begin\{(table\*?)\}(?P<body>.*?)\\end\{\1\}", regex.DOTALL)
_TABULAR = regex.compile(r"\\begin\{(tabular[x*]?|tabulary)\}(?:\{[^{}]{0,200}\})?(?:\{(?:[^{}]|\{[^{}]{0,100}\}){0,400}\})"
                         r"(?P<body>.*?)\\end\{\1\}", regex.DOTALL)
_RULE = regex.compile(r"\\(?:toprule|midrule|bottomrule|hline|cmidrule(?:\([^)]*\))?\{[^}]*\}|cline\{[^}]*\}|"
                      r"specialrule\{[^}]*\}\{[^}]*\}\{[^}]*\}|addlinespace(?:\[[^\]]*\])?)")
_WRAPPERS = ("textbf", "textit", "emph", "underline", "texttt", "textsc", "textrm", "textsf", "mathrm", "mathbf",
             "text", "mbox", "hbox", "textnormal", "footnote", "uline", "bm", "boldsymbol", "ul")
_DROPPED = ("cite", "citep", "citet", "citeauthor", "citeyear", "label", "vspace", "hspace", "url", "href",
            "bibliography", "bibliographystyle", "includegraphics", "thanks", "footnotemark")
_COMMAND_WITH_ARG = regex.compile(r"\\(?P<name>[A-Za-z]+)\*?\s*(?:\[[^\]]{0,200}\])?\s*\{")
_ESCAPES = {r"\%": "%", r"\&": "&", r"\_": "_", r"\#": "#", r"\$": "$", "~": " ", r"\,": " ", r"\ ": " ",
            "``": '"', "''": '"', r"\ldots": "...", r"\dots": "...", r"\textasciitilde": "~"}
_ESCAPE = regex.compile("|".join(regex.escape(k) for k in sorted(_ESCAPES, key=len, reverse=True)))


def _walk(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[tuple[int, str, int]]:
    """(index, character, brace depth after it) for each character of
    ``text[start:end]`` outside an escape; an escape ("\\{", "\\\\") is
    given once, as its backslash, and never changes the depth."""
    depth, i = 0, start
    end = len(text) if end is None else end
    while i < end:
        c = text[i]
        if c == "\\":
            yield i, c, depth
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        yield i, c, depth
        i += 1


@functools.lru_cache(maxsize=4)
def _closes(text: str) -> dict[int, int]:
    """For each ``{`` of ``text`` that closes, the index just past its ``}``: one
    pass, so that many unclosed groups ("\\textbf{" 20,000 times) cost a linear
    scan, not one scan each."""
    closes: dict[int, int] = {}
    stack: list[int] = []
    for i, c, _ in _walk(text):
        if c == "{":
            stack.append(i)
        elif c == "}" and stack:
            closes[stack.pop()] = i + 1
    return closes


def _group(text: str, open_at: int) -> Optional[int]:
    """The index just past the brace group opening at ``open_at`` (``{``), or None
    (unclosed, or longer than ``_MAX_GROUP``)."""
    end = _closes(text).get(open_at)
    return end if end is not None and end - 1 < open_at + _MAX_GROUP else None


def _argument(text: str, m: regex.Match) -> tuple[str, int]:
    """The brace argument of a command match ending at its ``{``, and where it ends."""
    end = _group(text, m.end() - 1)
    if end is None:
        return "", m.end()
    return text[m.end():end - 1], end


def _unwrap(text: str) -> str:
    """Formatting commands unwrapped, citations and labels dropped, escapes resolved."""
    out, pos = [], 0
    for m in _COMMAND_WITH_ARG.finditer(text):
        if m.start() < pos:
            continue
        name = m.group("name")
        if name not in _WRAPPERS and name not in _DROPPED and name not in ("ref", "eqref", "autoref", "cref"):
            continue
        arg, end = _argument(text, m)
        out.append(text[pos:m.start()])
        if name in _WRAPPERS:
            out.append(_unwrap(arg))
        elif name not in _DROPPED:
            out.append("ref")
        pos = end
    out.append(text[pos:])
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], "".join(out))


def _drop_envs(text: str) -> str:
    for env in _DROP_ENVS:
        e = regex.escape(env)
        text = regex.sub(rf"\\begin\{{{e}\}}.*?\\end\{{{e}\}}", "\n\n", text, flags=regex.DOTALL)
    return regex.sub(r"\\\[.*?\\\]|\$\$.*?\$\$", "\n\n", text, flags=regex.DOTALL)


def _split_unescaped(text: str, sep: str) -> list[str]:
    """``text`` cut at each ``sep`` ("&", or the row break "\\\\") outside braces."""
    parts, last = [], 0
    for i, c, depth in _walk(text):
        if depth != 0:
            continue
        if (c == sep) or (c == "\\" and sep == "\\\\" and text.startswith(sep, i)):
            parts.append(text[last:i])
            last = i + len(sep)
    parts.append(text[last:])
    return parts


_MULTI = regex.compile(r"^\s*\\multi(?P<kind>column|row)\s*\{\s*(?P<n>\d{1,2})\s*\}\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}\s*\{")


def _cell_html(raw: str, tag: str) -> str:
    attrs, text = "", raw.strip()
    for _ in range(2):   # \multicolumn{2}{c}{\multirow{2}{*}{X}}
        m = _MULTI.match(text)
        if not m:
            break
        end = _group(text, m.end() - 1)
        if end is None:
            break
        attrs += f' {"colspan" if m.group("kind") == "column" else "rowspan"}="{m.group("n")}"'
        text = text[m.end():end - 1].strip()
    return f"<{tag}{attrs}>{html.escape(' '.join(_unwrap(text).split()), quote=False)}</{tag}>"


def tabular_html(body: str) -> str:
    """A ``tabular`` body as an HTML table; rows before the first rule after
    the first row are header rows (``<th>``)."""
    rows_html, header_done, seen_row = [], False, False
    for raw_row in _split_unescaped(body, "\\\\"):
        has_rule = bool(_RULE.search(raw_row))
        row = _RULE.sub(" ", raw_row)
        if has_rule and seen_row and not header_done and not row.strip():
            header_done = True
            continue
        if not row.strip():
            continue
        if has_rule and seen_row:
            header_done = True
        tag = "th" if not header_done else "td"
        rows_html.append("<tr>" + "".join(_cell_html(c, tag) for c in _split_unescaped(row, "&")) + "</tr>")
        seen_row = True
    return "<table>" + "".join(rows_html) + "</table>"


def _tables(text: str, counter: list) -> str:
    """Each table environment as its caption paragraph and its tabulars as HTML."""
    def one(m: regex.Match) -> str:
        body = m.group("body")
        counter[0] += 1
        cap = regex.search(r"\\caption\s*(?:\[[^\]]{0,300}\])?\s*\{", body)
        caption = _argument(body, cap)[0] if cap else ""
        parts = [f"Table {counter[0]}: " + " ".join(_unwrap(caption).split())] if caption else []
        parts += [tabular_html(t.group("body")) for t in _TABULAR.finditer(body)]
        return "\n\n" + "\n\n".join(parts) + "\n\n"
    text = _TABLE_ENV.sub(one, text)
    # a tabular outside a table environment
    return _TABULAR.sub(lambda t: "\n\n" + tabular_html(t.group("body")) + "\n\n", text)


def _sections(text: str) -> str:
    out, pos = [], 0
    marks = {"section": "##", "subsection": "###", "subsubsection": "####"}
    for m in _SECTION.finditer(text):
        if m.start() < pos:
            continue
        title, end = _argument(text, m)
        title = " ".join(_unwrap(title).split())
        out.append(text[pos:m.start()])
        level = m.group("level")
        out.append(f"\n\n{marks[level]} {title}\n\n" if level in marks else f"\n\n{title}. ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def render(source: str) -> str:
    """A flattened LaTeX source as the Markdown its claims' offsets index."""
    text = _COMMENT.sub("", source)
    title_m = regex.search(r"\\title\s*(?:\[[^\]]{0,300}\])?\s*\{", text)
    title = " ".join(_unwrap(_argument(text, title_m)[0]).replace("\\\\", " ").split()) if title_m else ""
    begin = _BEGIN_DOC.search(text)
    end = _END_DOC.search(text)
    body = text[begin.end() if begin else 0: end.start() if end else len(text)]
    body = regex.sub(r"\\begin\{abstract\}", "\n\n## Abstract\n\n", body)
    body = regex.sub(r"\\end\{abstract\}", "\n\n", body)
    body = _drop_envs(_tables(body, [0]))
    body = _sections(body)
    body = regex.sub(r"\\(?:maketitle|appendix|newpage|clearpage|centering|small|footnotesize|noindent)\b", " ", body)
    body = regex.sub(r"\\(?:begin|end)\{(?:itemize|enumerate|center|minipage|description)\}(?:\{[^{}]*\})?", "\n\n", body)
    body = regex.sub(r"\\item\b", "\n- ", body)
    # text outside tables: unwrapped; table HTML is already plain
    pieces = regex.split(r"(<table>.*?</table>)", body, flags=regex.DOTALL)
    body = "".join(p if p.startswith("<table>") else _unwrap(p) for p in pieces)
    body = regex.sub(r"[ \t]+\n", "\n", body)
    body = regex.sub(r"\n{3,}", "\n\n", body)
    return f"# {title or 'Untitled'}\n\n{body.strip()}\n"


def _flatten(read: Callable[[str], Optional[str]], name: str, depth: int = 0, seen: Optional[set] = None) -> str:
    """The source of ``name`` with its ``\\input``s spliced in."""
    seen = set() if seen is None else seen
    text = read(name)
    if text is None or name in seen or depth > _MAX_DEPTH:
        return ""
    seen.add(name)
    text = _COMMENT.sub("", text)
    return _INPUT.sub(lambda m: _flatten(read, m.group(1).strip(), depth + 1, seen), text)


def _main_file(names: list[str], read: Callable[[str], Optional[str]]) -> Optional[str]:
    texts = {n: read(n) or "" for n in names}
    for needle in ("\\documentclass", "\\begin{document}"):
        hits = sorted(n for n, t in texts.items() if needle in t)
        if hits:
            return hits[0]
    return sorted(names)[0] if len(names) == 1 else None


def _reader(files: dict[str, bytes]) -> Callable[[str], Optional[str]]:
    def read(name: str) -> Optional[str]:
        for candidate in (name, name + ".tex"):
            if candidate in files:
                return files[candidate].decode("utf-8", errors="replace")
        return None
    return read


def latex_source(path: Path) -> Optional[str]:
    """The flattened main source of a ``.tex`` file, a folder or a ``.tar.gz``; None if it holds no .tex."""
    files: dict[str, bytes] = {}
    if path.is_dir():
        for p in sorted(path.rglob("*.tex")):
            files[p.relative_to(path).as_posix()] = p.read_bytes()
    elif path.name.lower().endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.endswith(".tex") and member.size < 20_000_000:
                    fh = tar.extractfile(member)
                    if fh is not None:
                        files[member.name.lstrip("./")] = fh.read()
    else:   # one .tex file: its \inputs are read from beside it, on demand
        base = path.parent.resolve()

        def beside(name: str) -> Optional[str]:
            for candidate in (name, name + ".tex"):
                f = (base / candidate).resolve()
                if f.is_file() and f.is_relative_to(base):
                    return f.read_bytes().decode("utf-8", errors="replace")
            return None
        return _flatten(beside, path.name)
    read = _reader(files)
    main = _main_file(list(files), read)
    return _flatten(read, main) if main else None


_ARCHIVE = (".tar.gz", ".tgz", ".tar")


def papers_in(folder: Path) -> list[Path]:
    """The LaTeX papers of a folder: the folder itself when ``.tex`` files sit
    at its top, else each archive and each subfolder holding ``.tex`` files."""
    if any(p.suffix.lower() == ".tex" for p in folder.iterdir() if p.is_file()):
        return [folder]
    return sorted(p for p in folder.iterdir()
                  if (p.is_file() and p.name.lower().endswith(_ARCHIVE)) or (p.is_dir() and any(p.rglob("*.tex"))))


def _stem(path: Path) -> str:
    name = path.name
    for suffix in _ARCHIVE + (".tex",):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def latex_document(paper: Path) -> Doc:
    """The document of one LaTeX paper (``.tex``, ``.tar.gz`` or a folder);
    one with no ``.tex`` main file has no passage (the caller reports it).
    A broken archive raises ``tarfile.TarError`` or ``OSError``."""
    source = latex_source(paper)
    return markdown_document(render(source) if source is not None else "# Untitled\n", _stem(paper), str(paper))
