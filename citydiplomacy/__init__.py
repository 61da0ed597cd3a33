"""citydiplomacy: a registry and workbench for the international work of city governments."""

__version__ = "0.1.0"
