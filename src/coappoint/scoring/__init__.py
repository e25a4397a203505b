"""Private scores on the day: score sheets, hidden until the reveal, corrections, paper sheets."""
