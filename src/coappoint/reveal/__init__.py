"""Hidden until the reveal: the one mechanism both private scorings (recruiters', panel's) use."""
