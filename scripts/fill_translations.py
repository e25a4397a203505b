"""Fill empty translations in a gettext catalogue (used when adding translations by hand).

Usage: python scripts/fill_translations.py CATALOGUE.po TRANSLATIONS.json

TRANSLATIONS.json is a list of objects: {"id": msgid, "ctx": msgctxt (optional), "str": msgstr}
for a singular message, or {"id": ..., "ctx"?: ..., "strs": [msgstr[0], msgstr[1], ...]} for a
plural one. Only entries whose translation is empty are filled, so a translator's work is never
overwritten. Prints how many were filled and which given entries the catalogue lacks.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')
_CONTINUATION = re.compile(r'^"(.*)"$')


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def parse_block(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """The comment lines of one entry and its fields, unescaped."""
    comments: list[str] = []
    fields: dict[str, str] = {}
    current = ""
    for line in lines:
        if line.startswith("#"):
            comments.append(line)
        elif match := _FIELD.match(line):
            current = match.group(1)
            fields[current] = unescape(match.group(2))
        elif (match := _CONTINUATION.match(line)) and current:
            fields[current] += unescape(match.group(1))
    return comments, fields


def render(comments: list[str], fields: dict[str, str]) -> str:
    out = [c for c in comments if not c.startswith("#| ")]
    out = [c.replace(", fuzzy", "") for c in out if c != "#, fuzzy"]
    for name, value in fields.items():
        out.append(f'{name} "{escape(value)}"')
    return "\n".join(out)


def fill(catalogue: Path, translations: list[dict[str, object]]) -> tuple[int, list[str]]:
    wanted = {(str(t.get("ctx", "")), str(t["id"])): t for t in translations}
    blocks = catalogue.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    seen: set[tuple[str, str]] = set()
    for index, block in enumerate(blocks):
        comments, fields = parse_block(block.strip("\n").split("\n"))
        key = (fields.get("msgctxt", ""), fields.get("msgid", ""))
        if "msgid" not in fields or key[1] == "" or key not in wanted:
            continue
        seen.add(key)
        given = wanted[key]
        if "strs" in given:
            strs = [str(s) for s in given["strs"]]  # type: ignore[attr-defined]
            slots = sorted(k for k in fields if k.startswith("msgstr["))
            if any(fields[k] for k in slots):
                continue
            if len(strs) != len(slots):
                raise SystemExit(f"{key[1]!r}: {len(slots)} plural forms wanted, {len(strs)} given")
            for slot, text in zip(slots, strs, strict=True):
                fields[slot] = text
        else:
            if fields.get("msgstr"):
                continue
            fields["msgstr"] = str(given["str"])
        blocks[index] = render(comments, fields)
        filled += 1
    text = "\n\n".join(blocks).rstrip("\n") + "\n"
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    catalogue.write_text(text, encoding="utf-8")
    missing = [k[1] for k in wanted if k not in seen]
    return filled, missing


if __name__ == "__main__":
    path, source = Path(sys.argv[1]), Path(sys.argv[2])
    count, absent = fill(path, json.loads(source.read_text(encoding="utf-8")))
    print(f"{path}: filled {count}")
    for msgid in absent:
        print(f"  not in catalogue: {msgid!r}")
