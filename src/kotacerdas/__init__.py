"""Platform Kota Cerdas Bekasi."""
