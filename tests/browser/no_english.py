"""Is any English showing on a page that should be wholly Welsh or Arabic?

Two nets. The first: every piece of visible text (each text node, each block's whole text, the
title, accessible names in attributes) is compared with the English catalogue: a piece that is
exactly one of the project's English messages (placeholders matching anything) whose translation
differs is a leak. The second: common English words, and in Arabic any word in Latin letters.
Text marked with another `lang` (a language's own name, the switcher) and the names a test allows
(people, the event, the organisation) are left out.
"""

from __future__ import annotations

import re
from functools import cache

from playwright.sync_api import Page

from coappoint.web.catalogues import DOMAINS, read_catalogue

# Every piece of text a person can see or hear on the page, except what is marked as another
# language and the language switcher (each language's name in itself).
VISIBLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const foreign = (element) => {
    const marked = element.closest('[lang]');
    return element.closest('.app-language-switcher, script, style')
      || (marked && marked.getAttribute('lang') !== lang);
  };
  const squash = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  const ownText = (root) => {
    const texts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (parent && !foreign(parent)) texts.push(walker.currentNode.textContent);
    }
    return texts;
  };
  const pieces = [document.title, ...ownText(document.body).map(squash)];
  const blocks = 'p, li, h1, h2, h3, h4, h5, h6, label, legend, button, a, td, th, caption, '
    + 'summary, dt, dd, .govuk-hint, .govuk-error-message, .govuk-inset-text, .govuk-tag, '
    + '.govuk-warning-text__text, .govuk-caption-l, .govuk-caption-m, title';
  for (const element of document.querySelectorAll(blocks)) {
    if (!foreign(element)) pieces.push(squash(ownText(element).join('')));
  }
  const named = '[aria-label], [title], [alt], [placeholder], input[type=submit], [aria-valuetext]';
  for (const element of document.querySelectorAll(named)) {
    if (foreign(element)) continue;
    for (const attribute of ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext']) {
      pieces.push(squash(element.getAttribute(attribute)));
    }
    if (element.matches('input[type=submit]')) pieces.push(squash(element.value));
  }
  return pieces.filter((piece) => piece);
}"""

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
TAG = re.compile(r"<[^>]+>")
# Words of everyday English that are not also Welsh words ("a", "am", "at", "i", "o", "is" and
# "problem" are).
ENGLISH_WORDS = re.compile(
    r"\b(the|and|you|your|of|for|with|this|that|are|have|has|will|not|it|on|in|to|by|"
    r"or|we|us|our|sign|signed|continue|score|scores|scored|save|saved|back|send|sent|yes|no|"
    r"next|candidate|candidates|recruiter|recruiters|what|when|who|how|please|there|here|"
    r"check|day|page|enter|select|choose|error|success|important|read|agree|warning|menu|"
    r"show|hide|information|change|sheet|sheets|median|range|comment|optional|from|until|"
    r"notes|messages)\b",
    re.IGNORECASE,
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Not words of any language: addresses, example emails and phone numbers, sign-in codes (four
# and four capitals and digits), the software's name.
NOT_LANGUAGE = re.compile(
    r"\S+@\S+|https?://\S+|/\S*|\b[A-Z0-9]{4} ?[A-Z0-9]{4}\b|\bcoappoint\b|\b(PDF|CSV|QR)\b|"
    r"\d[\d :–-]*"
)
# Names every page may keep in English: a licence's, an advice service's.
NAMES = ("GNU Affero General Public License", "Citizens Advice")


@cache
def _english_messages(language: str) -> tuple[re.Pattern[str], ...]:
    """A pattern for each English message whose translation into `language` differs from it."""
    patterns = []
    for domain in DOMAINS:
        for message in read_catalogue(language, domain).messages:
            for english, translation in zip(
                (message.english, message.english_plural or message.english),
                (message.translations[0], message.translations[-1]),
                strict=True,
            ):
                text = " ".join(TAG.sub("", english).split())
                if not english or english == translation:
                    continue
                literal = PLACEHOLDER.sub("", text)
                if len(re.sub(r"\W", "", literal)) < 2:
                    continue
                parts = [re.escape(part) for part in PLACEHOLDER.split(text)]
                patterns.append(re.compile(".+?".join(parts)))
    return tuple(patterns)


def english_on_page(page: Page, language: str, names: list[str]) -> list[str]:
    """Each piece of English showing on `page` in `language`, names left aside."""
    from tests.browser.conftest import evaluate_when_loaded

    return english_in(evaluate_when_loaded(page, VISIBLE_TEXT), language, names)


def english_in(pieces: list[str], language: str, names: list[str]) -> list[str]:
    """Each of `pieces` of text that is English (or holds English words), names left aside."""
    leaks: list[str] = []
    messages = _english_messages(language)
    for piece in dict.fromkeys(pieces):
        if any(pattern.fullmatch(piece) for pattern in messages):
            leaks.append(f"English message: {piece!r}")
            continue
        rest = piece
        for name in sorted([*names, *NAMES], key=len, reverse=True):
            rest = rest.replace(name, " ")
        rest = NOT_LANGUAGE.sub(" ", rest)
        words = LATIN_WORD if language == "ar" else ENGLISH_WORDS
        found = words.findall(rest)
        if found:
            leaks.append(f"English words {sorted(set(found))} in {piece!r}")
    return leaks
