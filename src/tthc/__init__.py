"""tthc — control of administrative procedures and the one-stop mechanism for a Vietnamese province."""
