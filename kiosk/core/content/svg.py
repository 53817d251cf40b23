"""SVG pictures reduced to drawing: an allowlist of elements and attributes.

An SVG is a document that can carry script, event handlers, links to other files and whole
web pages (`foreignObject`). The kiosk only wants shapes, gradients and labels, so every SVG
is parsed with defusedxml (no DTD, no entities, no network) and rebuilt from an allowlist:

- `check()` lists what the validator refuses: script, `on*` handlers, `foreignObject`,
  `<image>`, and any reference that is not to something inside the same picture.
- `clean()` returns the picture with only allowlisted elements and attributes: the kiosk
  draws these bytes (Qt never sees the file itself) and the take-home site publishes them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "title",
        "desc",
        "text",
        "tspan",
    }
)
ATTRIBUTES = frozenset(
    {
        "id",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "d",
        "points",
        "transform",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "preserveAspectRatio",
        "version",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "letter-spacing",
        "word-spacing",
        "font-variant",
        "textLength",
        "lengthAdjust",
        "baseline-shift",
        "alignment-baseline",
        "writing-mode",
        "direction",
        "paint-order",
        "clip-rule",
        "dx",
        "dy",
        "style",
        "role",
        "aria-label",
        "aria-hidden",
        "visibility",
        "display",
    }
)
REFUSED_ELEMENTS = frozenset(
    {"script", "foreignObject", "image", "iframe", "object", "embed", "use", "feImage"}
)
LOCAL_URL = re.compile(r"url\(\s*['\"]?#[A-Za-z_][\w.-]*['\"]?\s*\)")
ANY_URL = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:|\\", re.IGNORECASE)
SUSPECT = re.compile(r"[(:@\\]")  # what a reference needs; numbers, colours, paths have none


MAX_DEPTH = 64  # groups inside groups; drawing programs write a handful


def _depth(root: ET.Element) -> int:
    """How deep elements nest, counted without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((child, depth + 1) for child in el)
    return deepest


class SvgProblem(Exception):
    """An SVG that cannot be read as XML at all."""


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def _external_value(value: str) -> bool:
    """A value that would make a renderer fetch something: url() to anything but `#id`."""
    if not SUSPECT.search(value):  # numbers, colours, paths: nothing to look at
        return False
    return bool(ANY_URL.search(LOCAL_URL.sub("", value)))


def parse(data: bytes) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise SvgProblem(str(exc) or type(exc).__name__) from exc
    return root


def check(data: bytes) -> list[str]:
    """Why the kiosk refuses this picture (empty when it does not)."""
    root = parse(data)
    found: list[str] = []
    if _local(root.tag) != (SVG_NS, "svg") and _local(root.tag)[1] != "svg":
        return ["it is not an SVG picture"]
    size = _size_problem(root)
    if size:
        found.append(size)
    if _depth(root) > MAX_DEPTH:
        found.append(f"its shapes are nested more than {MAX_DEPTH} groups deep")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        _, name = _local(el.tag)
        if name in REFUSED_ELEMENTS:
            found.append(f"it contains <{name}>, which the kiosk does not draw")
        for key, value in el.attrib.items():
            _, attr = _local(key)
            if attr.lower().startswith("on"):
                found.append(f"it contains a script handler ({attr})")
            elif attr == "href" and not value.strip().startswith("#"):
                found.append(f"it refers to another file or address ({value[:60]})")
            elif _external_value(value):
                found.append(f"its '{attr}' refers to another file or address")
        if name == "style" and _external_value(el.text or ""):
            found.append("its style refers to another file or address")
    return sorted(set(found))


def _number(text: str | None) -> float | None:
    match = re.match(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)", text or "")
    return float(match.group(1)) if match else None


def _size_problem(root: ET.Element) -> str:
    """A picture must have a drawing area: a viewBox, or width and height, above zero."""
    box = root.get("viewBox")
    if box is not None:
        parts = [_number(v) for v in re.split(r"[\s,]+", box.strip())]
        if len(parts) != 4 or None in parts:
            return f"its viewBox '{box[:40]}' is not four numbers"
        w, h = parts[2], parts[3]
        if w is None or h is None or not (0 < w < 1e7 and 0 < h < 1e7):
            return f"its viewBox '{box[:40]}' has no area or is too large"
        return ""
    w, h = _number(root.get("width")), _number(root.get("height"))
    if w is None or h is None:
        return "it has neither a viewBox nor a width and height"
    if not (0 < w < 1e7 and 0 < h < 1e7):
        return "its width or height is zero or too large"
    return ""


def clean(data: bytes) -> bytes:
    """The picture with only allowlisted elements and attributes, ready to draw or publish."""
    root = parse(data)
    if _local(root.tag)[1] != "svg":
        raise SvgProblem("it is not an SVG picture")
    if _depth(root) > MAX_DEPTH:
        raise SvgProblem("its shapes are nested too deep")
    out = _rebuild(root)
    if out is None:
        raise SvgProblem("it is not an SVG picture")
    out.set("xmlns", SVG_NS)
    return ET.tostring(out, encoding="utf-8", xml_declaration=False)


def _rebuild(el: ET.Element) -> ET.Element | None:
    if not isinstance(el.tag, str):
        return None
    ns, name = _local(el.tag)
    if ns not in ("", SVG_NS) or name not in ELEMENTS:
        return None
    copy = ET.Element(name)
    for key, value in el.attrib.items():
        attr_ns, attr = _local(key)
        if attr_ns or attr not in ATTRIBUTES or _external_value(value):
            continue
        copy.set(attr, value)
    copy.text = el.text if name in ("title", "desc", "text", "tspan") else None
    for child in el:
        kept = _rebuild(child)
        if kept is not None:
            kept.tail = child.tail if name in ("text", "tspan") else None
            copy.append(kept)
    return copy
