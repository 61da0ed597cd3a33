"""Entity resolution: which gazetteer city a source's name, country, division and point mean.

It depends only on `geo`: the index of GeoNames places (`index.py`, `geonames_dump.py` for
user-supplied dumps), country names in every form sources write them (`countries.py`), the
settled decisions (`overrides.py`) and the resolver itself (`resolver.py`). Importers, CSV
templates and the review queue use it; it knows nothing of them.
"""
