"""The importers, one module per kind of input; `IMPORTERS` names them for the CLI."""
