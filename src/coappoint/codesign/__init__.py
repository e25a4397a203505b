"""Co-design on the day: qualities and local insights proposed, merged, dot-voted, worded."""
