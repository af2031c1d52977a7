"""Front-ends: render the answers of the core (terminal, JSON lines, Discord)."""
