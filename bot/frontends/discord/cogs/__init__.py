"""One extension per concern: asking (slash command and chat), information, administration."""
