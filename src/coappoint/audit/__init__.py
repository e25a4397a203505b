"""The audit log: who did what, when, to which record, with the values before and after."""
