"""Zielvereinbarung: Zielvereinbarungen nach § 48b SGB II."""
