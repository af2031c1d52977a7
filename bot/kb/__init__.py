"""Knowledge: article text, entries and aliases, loaded and validated from files."""
