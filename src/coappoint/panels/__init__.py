"""A panel that reflects the ward: recruiters' equality answers, the area's figures and the draw."""
