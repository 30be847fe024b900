"""Reports built from the portfolio as of a date: results first, rendered after."""
