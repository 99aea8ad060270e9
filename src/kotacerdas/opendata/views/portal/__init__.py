"""The public pages of the Portal Satu Data: search, dataset, releases, producers, topics."""
