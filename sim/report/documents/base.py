"""A small report builder that writes the same content as HTML and as Markdown.

Blocks (headings, paragraphs, tables, figures, preformatted text, and collapsed groups of
blocks) are added in order and written at the end by :meth:`Report.write`: ``report.html`` is
self-contained (figures inlined as base64 PNG, CSS inline, no scripts, nothing loaded from
elsewhere) and ``report.md`` links to ``figures/NAME.png`` beside it. Nothing time- or
machine-dependent is written, so the same blocks give byte-identical files.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from sim.report.text.numbers import format_value, markdown_cell

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

_CSS = """\
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
  max-width: 1100px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 1.8rem; border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #eee; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
a { color: #1f5fa8; text-decoration: none; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: .86rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #ddd; padding: .3rem .55rem; vertical-align: top; }
th { background: #f3f5f7; text-align: left; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* Names stay whole: a long name widens its column rather than breaking mid-word. */
td { overflow-wrap: break-word; }
td:first-child { white-space: nowrap; }
details { border: 1px solid #e4e7eb; border-radius: 4px; padding: .3rem .9rem; margin: 1rem 0; }
summary { cursor: pointer; font-weight: 600; padding: .3rem 0; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .9rem; color: #555; margin-top: .3rem; }
pre { background: #f6f8fa; border: 1px solid #e4e7eb; padding: .8rem; overflow-x: auto;
  font-size: .82rem; line-height: 1.35; }
"""


@dataclass(frozen=True)
class _Heading:
    text: str
    level: int
    anchor: str


@dataclass(frozen=True)
class _Paragraph:
    text: str


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    caption: str | None


@dataclass(frozen=True)
class _Figure:
    name: str
    png: bytes
    caption: str
    number: int


@dataclass(frozen=True)
class _Preformatted:
    text: str


@dataclass(frozen=True)
class _Open:
    summary: str


@dataclass(frozen=True)
class _Close:
    pass


class Report:
    """An ordered list of blocks written to ``report.html`` and ``report.md``.

    Args:
        title: Document title (the ``<title>`` and the top-level heading).
        dpi: Resolution of the figure PNGs.

    Example:
        >>> report = Report("Results")
        >>> report.add_heading("Outcomes")
        >>> report.add_paragraph("Means over replicates.")
        >>> html_path, md_path = report.write(out_dir)  # doctest: +SKIP
    """

    def __init__(self, title: str, dpi: int = 110) -> None:
        self.title = title
        self.dpi = dpi
        self._blocks: list[object] = []
        self._anchors: set[str] = set()
        self._figure_names: set[str] = set()

    def add_heading(self, text: str, level: int = 2) -> None:
        """Add a section heading; level 2 headings are listed in the HTML contents."""
        if not 2 <= level <= 6:
            raise ValueError("heading level must be 2..6 (level 1 is the title)")
        self._blocks.append(_Heading(text, level, self._anchor(text)))

    def add_paragraph(self, text: str) -> None:
        """Add a paragraph of plain text (escaped in HTML, written as-is in Markdown)."""
        self._blocks.append(_Paragraph(text))

    def add_table(
        self,
        frame: pd.DataFrame,
        caption: str | None = None,
        *,
        index: bool = False,
        digits: int = 4,
    ) -> None:
        """Add a table; cells are formatted now with :func:`format_value`.

        Args:
            frame: The table; its column labels become the header.
            caption: Optional caption shown above the table.
            index: Include the index as the first column.
            digits: Significant digits of float cells.
        """
        if index:
            frame = frame.reset_index()
        numeric = tuple(
            pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
            for c in frame.columns
        )
        rows = tuple(
            tuple(format_value(v, digits) for v in row)
            for row in frame.itertuples(index=False, name=None)
        )
        header = tuple(str(c) for c in frame.columns)
        self._blocks.append(_Table(header, rows, numeric, caption))

    def add_figure(self, name: str, fig: Figure, caption: str) -> None:
        """Render a figure to PNG now and add it.

        Args:
            name: File stem of ``figures/NAME.png``: letters, digits, ``_`` and ``-``, unique
                within the report.
            fig: The matplotlib figure.
            caption: Caption under the figure (also its alt text).

        Raises:
            ValueError: If the name is not a safe file stem or is already used.
        """
        if not _NAME.fullmatch(name):
            raise ValueError(f"figure name {name!r} must match {_NAME.pattern}")
        if name in self._figure_names:
            raise ValueError(f"figure name {name!r} already used")
        self._figure_names.add(name)
        buffer = io.BytesIO()
        # PNG metadata would otherwise carry the matplotlib version; without it the bytes
        # depend only on the drawing, which keeps reports reproducible.
        fig.savefig(
            buffer, format="png", dpi=self.dpi, metadata={"Software": None}, facecolor="white"
        )
        number = 1 + sum(isinstance(b, _Figure) for b in self._blocks)
        self._blocks.append(_Figure(name, buffer.getvalue(), caption, number))

    def add_preformatted(self, text: str) -> None:
        """Add a block of preformatted text (a ``<pre>`` block, a fenced block in Markdown)."""
        self._blocks.append(_Preformatted(text))

    def open_collapsed(self, summary: str) -> None:
        """Start a group of blocks shown collapsed under a one-line ``summary``.

        The group is an HTML ``<details>`` element (closed until the reader opens it), also in
        Markdown, which GitHub renders the same way; close it with :meth:`close_collapsed`.
        Headings inside a group stay out of the contents list.
        """
        self._blocks.append(_Open(summary))

    def close_collapsed(self) -> None:
        """End the group started by the last :meth:`open_collapsed`."""
        opened = sum(isinstance(b, _Open) for b in self._blocks)
        closed = sum(isinstance(b, _Close) for b in self._blocks)
        if closed >= opened:
            raise ValueError("close_collapsed without an open group")
        self._blocks.append(_Close())

    @property
    def figure_names(self) -> list[str]:
        """Names of the figures added so far, in order."""
        return [b.name for b in self._blocks if isinstance(b, _Figure)]

    def write(self, out_dir: Path | str) -> tuple[Path, Path]:
        """Write ``report.html``, ``report.md`` and ``figures/NAME.png`` into ``out_dir``.

        Existing files of the same names are overwritten; other files are left alone.

        Returns:
            Paths of ``report.html`` and ``report.md``.
        """
        out_dir = Path(out_dir)
        figures_dir = out_dir / "figures"
        figures_dir.mkdir(parents=True, exist_ok=True)
        for block in self._blocks:
            if isinstance(block, _Figure):
                (figures_dir / f"{block.name}.png").write_bytes(block.png)
        html_path, md_path = out_dir / "report.html", out_dir / "report.md"
        html_path.write_text(self.to_html(), encoding="utf-8", newline="\n")
        md_path.write_text(self.to_markdown(), encoding="utf-8", newline="\n")
        return html_path, md_path

    def to_html(self) -> str:
        """The whole report as one self-contained HTML document."""
        esc = html.escape
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(self.title)}</title>",
            f"<style>\n{_CSS}</style>",
            "</head>",
            "<body>",
            f"<h1>{esc(self.title)}</h1>",
        ]
        sections = [
            b for b in _outside_groups(self._blocks) if isinstance(b, _Heading) and b.level == 2
        ]
        if len(sections) > 1:
            items = "".join(f'<li><a href="#{b.anchor}">{esc(b.text)}</a></li>' for b in sections)
            parts.append(f"<nav><strong>Contents</strong><ul>{items}</ul></nav>")
        parts += [_html_block(b) for b in self._closed_blocks()]
        parts += ["</body>", "</html>", ""]
        return "\n".join(parts)

    def to_markdown(self) -> str:
        """The whole report as Markdown, figures linked as ``figures/NAME.png``."""
        parts = [f"# {self.title}"] + [_markdown_block(b) for b in self._closed_blocks()]
        return "\n\n".join(parts) + "\n"

    def _closed_blocks(self) -> list[object]:
        """The blocks, with any group left open closed at the end."""
        unclosed = sum(isinstance(b, _Open) for b in self._blocks) - sum(
            isinstance(b, _Close) for b in self._blocks
        )
        return self._blocks + [_Close()] * unclosed

    def _anchor(self, text: str) -> str:
        """A unique id for a heading, from its text (``-2``, ``-3``... on repeats)."""
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
        anchor, k = base, 1
        while anchor in self._anchors:
            k += 1
            anchor = f"{base}-{k}"
        self._anchors.add(anchor)
        return anchor


def _outside_groups(blocks: list[object]) -> list[object]:
    """The blocks not inside a collapsed group."""
    depth, kept = 0, []
    for block in blocks:
        if isinstance(block, _Open):
            depth += 1
        elif isinstance(block, _Close):
            depth -= 1
        elif depth == 0:
            kept.append(block)
    return kept


def _html_block(block: object) -> str:
    esc = html.escape
    match block:
        case _Open(summary):
            return f"<details><summary>{esc(summary)}</summary>"
        case _Close():
            return "</details>"
        case _Heading(text, level, anchor):
            return f'<h{level} id="{anchor}">{esc(text)}</h{level}>'
        case _Paragraph(text):
            return f"<p>{esc(text)}</p>"
        case _Table(header, rows, numeric, caption):
            cap = f"<caption>{esc(caption)}</caption>" if caption else ""
            head = "".join(f"<th>{esc(h)}</th>" for h in header)
            body = "\n".join(
                "<tr>"
                + "".join(
                    f'<td class="num">{esc(c)}</td>' if num else f"<td>{esc(c)}</td>"
                    for c, num in zip(row, numeric, strict=True)
                )
                + "</tr>"
                for row in rows
            )
            return (
                f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead>\n'
                f"<tbody>\n{body}\n</tbody></table></div>"
            )
        case _Figure(name, png, caption, number):
            data = base64.b64encode(png).decode("ascii")
            return (
                f'<figure id="fig-{name}"><img src="data:image/png;base64,{data}" '
                f'alt="{esc(caption)}"><figcaption>Figure {number}. {esc(caption)}'
                "</figcaption></figure>"
            )
        case _Preformatted(text):
            return f"<pre>{esc(text)}</pre>"
    raise TypeError(f"unknown block {block!r}")


def _markdown_block(block: object) -> str:
    match block:
        case _Open(summary):
            # Blocks are joined by blank lines, so Markdown inside the group is still
            # parsed (GitHub needs the blank line after </summary>).
            return f"<details><summary>{html.escape(summary)}</summary>"
        case _Close():
            return "</details>"
        case _Heading(text, level, _):
            return f"{'#' * level} {text}"
        case _Paragraph(text):
            return text
        case _Table(header, rows, numeric, caption):
            lines = [f"**{caption}**", ""] if caption else []
            lines.append("| " + " | ".join(markdown_cell(h) for h in header) + " |")
            lines.append("|" + "|".join("---:" if num else "---" for num in numeric) + "|")
            lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
            return "\n".join(lines)
        case _Figure(name, _, caption, number):
            return f"![{_md_alt(caption)}](figures/{name}.png)\n\n*Figure {number}. {caption}*"
        case _Preformatted(text):
            # A fence longer than any backtick run inside, so the text cannot close it early.
            longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
            fence = "`" * max(3, longest + 1)
            return f"{fence}\n{text.rstrip(chr(10))}\n{fence}"
    raise TypeError(f"unknown block {block!r}")


def _md_alt(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").replace("\n", " ")
