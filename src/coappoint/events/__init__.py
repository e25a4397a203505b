"""The recruitment day: its venue, date, tables and agenda."""
