"""Checks of a text against the bureau's facts: numbers, named claims, proofreading, last year's report."""
