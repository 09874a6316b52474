"""Indicators of the training of mentors (section «Подготовка наставников»)."""
