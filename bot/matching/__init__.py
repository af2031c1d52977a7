"""Matching: normalise questions, index the knowledge, decide answer or abstention."""
