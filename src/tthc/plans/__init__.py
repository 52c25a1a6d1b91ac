"""Plans: a province's yearly TTHC-control plan, read from its document into groups of tracked tasks."""
