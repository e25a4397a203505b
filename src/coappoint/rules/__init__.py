"""The rules of community recruitment: pure Python, no Django, no I/O, no clock, no randomness."""
