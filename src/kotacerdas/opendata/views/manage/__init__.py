"""Management pages of Satu Data (/satudata/kelola/): Daftar Data, submissions, the walidata's
review queue and the compliance board. Thin: every write goes through the services."""
