"""Pages of the masterplan: program tree, indicators, imports, reference names."""
