"""Fill msgstr for known msgids in a gettext catalogue (used when adding translations by hand).

Usage: python scripts/fill_translations.py CATALOGUE.po TRANSLATIONS.tsv
TRANSLATIONS.tsv: one `msgid<TAB>msgstr` a line. Only single-line msgids with an empty msgstr
are filled, so a translator's work is never overwritten.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fill(catalogue: Path, translations: dict[str, str]) -> int:
    text = catalogue.read_text(encoding="utf-8")
    filled = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal filled
        msgid = match.group(1).replace('\\"', '"').replace("\\\\", "\\")
        if msgid in translations:
            filled += 1
            return f'msgid "{match.group(1)}"\nmsgstr "{escape(translations[msgid])}"\n'
        return match.group(0)

    text = re.sub(r'^msgid "(.+)"\nmsgstr ""\n(?!")', replace, text, flags=re.MULTILINE)
    text = text.replace("#, fuzzy\n#| ", "#| ").replace(
        '"Content-Type: text/plain; charset=CHARSET', '"Content-Type: text/plain; charset=UTF-8'
    )
    catalogue.write_text(text, encoding="utf-8")
    return filled


if __name__ == "__main__":
    pairs = {}
    for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            msgid, msgstr = line.split("\t")
            pairs[msgid] = msgstr
    print(f"{fill(Path(sys.argv[1]), pairs)} strings filled in {sys.argv[1]}")
