"""The linter: rules, the engine that runs them, and output formats.

Kept free of imports so that the loader can use :mod:`labelspec.lint.diagnostics`
without loading the rules.
"""
