"""The thin layer that talks to MkDocs. Everything it shows is computed elsewhere in the
package; switching site engine (e.g. to Zensical) means replacing only this folder and
``macros/``."""
