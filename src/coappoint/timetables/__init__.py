"""The rotation timetable of an event: made by the rules core from the event's people, kept, printed."""
