"""Editors' tools: scaffold, check and extend the knowledge files safely.

Everything here works on files and the validated model; the command line (bot/cli/kb*.py)
only parses arguments and prints what these modules return.
"""
