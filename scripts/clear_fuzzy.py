"""Empty the fuzzy guesses msgmerge leaves in gettext catalogues, so a translator starts clean.

Usage: python scripts/clear_fuzzy.py CATALOGUE.po [...]
msgfmt never compiles fuzzy entries, but their guessed text misleads a translator (msgmerge
offered "Hello, %(name)s" for "Card for %(name)s"). This is `msgattr --clear-fuzzy --empty`,
which this machine's gettext does not ship.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def clear_block(block: str) -> str:
    lines = block.split("\n")
    flags = [line for line in lines if line.startswith("#,")]
    if not any("fuzzy" in line for line in flags) or any(line == 'msgid ""' for line in lines):
        return block
    kept: list[str] = []
    in_msgstr = False
    for line in lines:
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            rest = [flag.strip() for flag in line[2:].split(",") if flag.strip() != "fuzzy"]
            if rest:
                kept.append("#, " + ", ".join(rest))
            continue
        msgstr = re.match(r"^(msgstr(\[\d+\])?) ", line)
        if msgstr:
            in_msgstr = True
            kept.append(f'{msgstr.group(1)} ""')
            continue
        if in_msgstr and line.startswith('"'):
            continue
        in_msgstr = False
        kept.append(line)
    return "\n".join(kept)


def clear_catalogue(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text("\n\n".join(clear_block(block) for block in text.split("\n\n")), "utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        clear_catalogue(Path(name))
