"""The importers, one module per kind of input, registered in `extensions.importers`."""
