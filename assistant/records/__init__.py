"""Records of the app: accounts, drafts, reports, conversations and their database."""
