"""Build a print-grade PDF briefing and an editable deck from one YAML policy briefing."""
