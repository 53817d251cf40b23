"""The small, safe Markdown subset slides may use: paragraphs, bullet lists and **bold**.

Anything else is shown as the plain characters the staff typed; nothing is ever interpreted as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Span, ...], ...]


Block = Paragraph | BulletList


def parse(text: str) -> tuple[Block, ...]:
    """Split text into paragraphs (blank-line separated) and bullet lists."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(spans(" ".join(para))))
            para.clear()
        if items:
            blocks.append(BulletList(tuple(spans(i) for i in items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        bullet = _BULLET.match(raw)
        if not line:
            flush()
        elif bullet:
            if para:
                flush()
            items.append(bullet.group(1).strip())
        elif items and raw[:1].isspace():
            items[-1] += " " + line  # a wrapped bullet line
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return tuple(blocks)


def spans(text: str) -> tuple[Span, ...]:
    out: list[Span] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            out.append(Span(text[pos : m.start()]))
        out.append(Span(m.group(1), bold=True))
        pos = m.end()
    if pos < len(text):
        out.append(Span(text[pos:]))
    return tuple(out)


def plain_text(blocks: tuple[Block, ...]) -> str:
    """The words without markup, for readability checks and read-aloud."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append("".join(s.text for s in block.spans))
        else:
            lines.extend("".join(s.text for s in item) for item in block.items)
    return "\n".join(lines)


def to_html(
    blocks: tuple[Block, ...],
    bullet_indent_px: int | None = 24,
    text: Callable[[str], str] | None = None,
    bold: str = "b",
    joiner: str = "",
) -> str:
    """HTML built by us (Qt rich text, or the take-home page). `text` must escape every
    character from content (default: `html.escape`); it may also add markup of ours (a
    tap-to-call link)."""
    if text is None:
        import html  # here, not at the top: the model imports this module before the first frame

        text = html.escape

    def render(sp: tuple[Span, ...]) -> str:
        return "".join(f"<{bold}>{text(s.text)}</{bold}>" if s.bold else text(s.text) for s in sp)

    indent = f' style="margin-left:{bullet_indent_px}px"' if bullet_indent_px is not None else ""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p>{render(block.spans)}</p>")
        else:
            rows = "".join(f"<li>{render(item)}</li>" for item in block.items)
            parts.append(f"<ul{indent}>{rows}</ul>")
    return joiner.join(parts)
