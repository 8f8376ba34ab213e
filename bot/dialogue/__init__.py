"""Part of the advisor engine."""
