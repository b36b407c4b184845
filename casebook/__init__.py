"""Casebook: load, validate, aggregate and export a Case Studies Collection.

Everything here is independent of the site engine; only ``casebook.site`` talks to MkDocs.
"""

__version__ = "0.1.0"
