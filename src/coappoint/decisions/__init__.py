"""The outcome and the decision record: agreed scores combined by the rules fixed before the day."""
