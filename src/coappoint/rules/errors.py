"""The rules core's own exceptions: each names the field and the person or record at fault."""


class RulesError(Exception):
    """Base of every error the rules core raises on bad input.

    The message is plain English meant for the person who supplied the input: it names the
    field, and the candidate, recruiter, stage or quality concerned, and says what to do.
    """


class InvalidTimetableInput(RulesError):
    """The description of an event given to the timetable is malformed."""


class InvalidScore(RulesError):
    """A score is not a whole number on the scale it was given for."""


class InvalidScale(RulesError):
    """A rating scale is malformed (for example its minimum is not below its maximum)."""


class InvalidDecisionRecord(RulesError):
    """A decision record cannot be combined into an outcome (missing scores, bad weights...)."""


class IllegalTransition(RulesError):
    """A campaign or an event was asked to move to a state it cannot reach from where it is."""

    def __init__(self, message: str, *, current: str, wanted: str) -> None:
        super().__init__(message)
        self.current = current
        self.wanted = wanted


class RulesNotLocked(IllegalTransition):
    """The day cannot start (conversations or scoring) before the campaign's rules are locked."""
