"""The platform every domain is built on: history, runs, extension points, pages, listing,
entities (API and CLI), editing, errors and partial dates.

Nothing in `core` imports a domain app; domains register what they contribute in
`core.extensions` from their `AppConfig.ready()`. `scripts/check-layers` enforces it.
"""
