"""The short code of a sign-up link (coappoint.example/join/ABCD-2345): made, shown, and read back.

A resident types the code from a poster or hears it read over the phone, so the alphabet is
Douglas Crockford's base32: the digits and the capital letters without I, L, O and U. No two of
its symbols look or sound alike, and the look-alikes it leaves out are read as the symbol they
are taken for (O as 0, I and L as 1), so a code can be typed in any case, with or without the
hyphen or spaces, and mistaken letters still find it. U is left out so that no code spells a
rude word by accident.

How large the space must be: a code is 8 symbols of 32, so there are 32**8 = 2**40, about
1.1 million million, codes. A wrong code is slowed exactly as a wrong access code is
(rules.guessing, docs/security-access-codes.md): a hundred free wrong tries in a quarter of an
hour for every address together, then waits that double to two minutes, so one patient guesser,
or many together, checks at most about 3.4 million codes a year. With a thousand sign-up links
open at once, the odds that they find any one of them in a year are about 1 in 300; with
thirty open, about 1 in 10,000. The code is not a secret (it is on a wall): what a guesser
finds is an invitation to sign up, and staff see who signed up.

Pure: the random source is passed in (`secrets.choice` in the service), so nothing here draws
randomness itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

JOIN_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_CODE_LENGTH = 8
JOIN_CODE_SPACE = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH

# Letters that are not in the alphabet, read as the symbol a person most likely meant.
LOOK_ALIKES = {"O": "0", "I": "1", "L": "1"}

# What people type between the two halves, or around the code, and that means nothing.
_SEPARATORS = frozenset(" -‐‑‒–—_.·\t\n\r\u00a0\u2009\u202f")

_GROUP = JOIN_CODE_LENGTH // 2


def new_join_code(choose: Callable[[Sequence[str]], str]) -> str:
    """A new code in its canonical form (8 symbols, no hyphen), drawn symbol by symbol."""
    return "".join(choose(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def is_join_code(code: str) -> bool:
    """Whether `code` is a code in its canonical form."""
    return len(code) == JOIN_CODE_LENGTH and all(symbol in JOIN_CODE_ALPHABET for symbol in code)


def format_join_code(code: str) -> str:
    """A canonical code as it is printed and read out: two groups of four, "ABCD-2345"."""
    if not is_join_code(code):
        raise ValueError("not a join code in its canonical form")
    return f"{code[:_GROUP]}-{code[_GROUP:]}"


def normalise_join_code(typed: str) -> str | None:
    """What a person typed as a canonical code, or None when it cannot be one.

    Any case; hyphens, dashes, dots, underscores and spaces anywhere are ignored; O is read as
    0 and I or L as 1. Anything else not in the alphabet, or the wrong number of symbols, is not
    a code: such addresses are answered as unknown without being looked up or counted as a guess.
    """
    symbols = [
        LOOK_ALIKES.get(character, character)
        for character in typed.upper()
        if character not in _SEPARATORS
    ]
    code = "".join(symbols)
    return code if is_join_code(code) else None
