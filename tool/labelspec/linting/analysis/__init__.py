"""Analyses that several rules of a family read: built once per taxonomy and run
(:meth:`labelspec.linting.context.TaxonomyContext.shared`), kept apart from the thin
rule classes that turn them into findings."""
