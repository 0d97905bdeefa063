"""Fortschrittsberichte: planen, Ansichtsmodelle bauen, Abonnements (der Lauf:
`jobs.berichtslauf`)."""
