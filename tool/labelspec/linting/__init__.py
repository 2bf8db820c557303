"""The linter: rules, the engine that runs them, and output formats."""
