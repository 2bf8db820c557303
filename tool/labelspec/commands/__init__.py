"""The commands of the ``labelspec`` command line, one module per area."""
