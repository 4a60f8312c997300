"""IATI 2.03: a partnership exported as an activity file, and an activity file read into a new
partnership. The schema and the few code lists used ship in `data/` (see its README)."""
