"""The translation catalogues as data: what each language's .po files hold, and their review.

Reads gettext's .po format (the files `make messages` writes and translators edit) without
compiling it, for the staff page that says how far each language's text has been reviewed and
for the tests that keep every catalogue complete. A catalogue's header line `X-Review-Status`
says whether a fluent speaker reviewed it; a single message a reviewer has checked carries the
translator comment `# reviewed`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DOMAINS = ("django", "djangojs")
REVIEWED_COMMENT = "reviewed"
NOT_REVIEWED = "drafted without a fluent speaker's review"


@dataclass(frozen=True)
class Message:
    """One message of a catalogue: its context, English text and translations."""

    context: str | None
    english: str
    english_plural: str | None
    translations: tuple[str, ...]
    fuzzy: bool
    reviewed: bool
    references: tuple[str, ...]

    @property
    def translated(self) -> bool:
        return bool(self.translations) and all(self.translations) and not self.fuzzy


@dataclass(frozen=True)
class Catalogue:
    language: str
    domain: str
    header: dict[str, str]
    messages: tuple[Message, ...]

    @property
    def review_status(self) -> str:
        return self.header.get("X-Review-Status", NOT_REVIEWED)

    @property
    def untranslated(self) -> tuple[Message, ...]:
        return tuple(message for message in self.messages if not message.translated)

    @property
    def unreviewed(self) -> tuple[Message, ...]:
        return tuple(message for message in self.messages if not message.reviewed)


def _text(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def parse_catalogue(text: str, *, language: str, domain: str) -> Catalogue:
    """A .po file's header and messages (obsolete `#~` entries are left out)."""
    header: dict[str, str] = {}
    messages: list[Message] = []
    for block in text.split("\n\n"):
        fields: dict[str, list[str]] = {}
        current: str | None = None
        flags: set[str] = set()
        comments: list[str] = []
        references: list[str] = []
        for line in block.splitlines():
            if line.startswith("#~"):
                current = None
            elif line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                references.extend(line[2:].split())
            elif line.startswith("# ") or line == "#":
                comments.append(line[1:].strip())
            elif line.startswith('"') and current is not None:
                fields[current].append(line)
            elif " " in line and not line.startswith("#"):
                keyword, rest = line.split(" ", 1)
                current = keyword
                fields[current] = [rest]
        if "msgid" not in fields:
            continue
        english = _text(fields["msgid"])
        if english == "" and "msgctxt" not in fields:
            for entry in _text(fields.get("msgstr", ['""'])).splitlines():
                name, _colon, value = entry.partition(":")
                header[name.strip()] = value.strip()
            continue
        plural_keys = sorted(key for key in fields if key.startswith("msgstr["))
        translations = tuple(_text(fields[key]) for key in plural_keys) or (
            (_text(fields["msgstr"]),) if "msgstr" in fields else ()
        )
        messages.append(
            Message(
                context=_text(fields["msgctxt"]) if "msgctxt" in fields else None,
                english=english,
                english_plural=(
                    _text(fields["msgid_plural"]) if "msgid_plural" in fields else None
                ),
                translations=translations,
                fuzzy="fuzzy" in flags,
                reviewed=REVIEWED_COMMENT in comments,
                references=tuple(references),
            )
        )
    return Catalogue(language=language, domain=domain, header=header, messages=tuple(messages))


def catalogue_path(language: str, domain: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def translated_languages() -> list[str]:
    """Every language the service offers other than English, the one it is written in."""
    return [code for code, _name in settings.LANGUAGES if code != "en"]


def read_catalogue(language: str, domain: str) -> Catalogue:
    path = catalogue_path(language, domain)
    return parse_catalogue(path.read_text(encoding="utf-8"), language=language, domain=domain)
