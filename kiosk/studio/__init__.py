"""Kiosk Studio: a second Qt front end over the same core, for staff who edit the course."""
