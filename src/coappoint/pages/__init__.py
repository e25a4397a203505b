"""Pages that belong to no one workflow: the start page, staff home, accessibility, privacy."""
