"""Writing: drafting sections (offline composer and model), polishing, the whole report, export, chat."""
