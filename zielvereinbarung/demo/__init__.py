"""Demodaten und Demo-Abläufe (synthetische Basiszahlen, Demokonten, Vereinbarungen in jedem
Zustand) – über die echten Services, aber selbst kein Anwendungsfall."""
