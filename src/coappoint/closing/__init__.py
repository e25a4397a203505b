"""Closing the loop: "you said, we did" to recruiters, feedback to candidates, thanks."""
