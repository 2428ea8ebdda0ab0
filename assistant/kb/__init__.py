"""The knowledge base: reading, parsing and indexing past reports, and searching them."""
