"""Deliberation after the conversations: the spread of private scores and the agreed consensus."""
