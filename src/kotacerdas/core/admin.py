"""Django admin is read-mostly here: writes go through services (audited)."""
