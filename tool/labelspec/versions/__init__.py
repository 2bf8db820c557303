"""Versions of a taxonomy: git history, diff, label mappings, version policy."""
