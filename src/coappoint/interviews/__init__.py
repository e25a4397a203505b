"""The formal interview: questions, panel conflicts, private panel scores, agreed scores."""
