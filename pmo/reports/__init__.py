"""Reports: each builds a result from the portfolio at a date, then renders it in a format."""
