"""Named queries: one SQL file per indicator, one way to run them."""
