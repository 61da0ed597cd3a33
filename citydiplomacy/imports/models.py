"""The imports app holds no model of its own: each import is a `core.runs.Run`."""
