"""The facilitator's screen on the day: the agenda now, the rotation, arrivals, who owes sheets."""
