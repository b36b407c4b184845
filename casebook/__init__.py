"""Casebook: load, validate, aggregate and export a Case Studies Collection.

Everything here is independent of the site engine; only ``casebook.engines`` knows one
(MkDocs or Zensical), which ``casebook.build`` runs as a subprocess.
"""

__version__ = "0.1.0"
