"""The rotation timetable of an event: made by the rules core, kept, printed."""
