"""A static evidence and practice-guide site generator (Working Together is one guide it builds).

The pipeline, one module per stage:
load (YAML and BibTeX, keeping lines) -> validate (schemas and cross-references)
-> model (dataclasses) -> render (Jinja2 -> Markdown strings) -> write (generated
folders of docs/ only) -> build (MkDocs into site/, swapped in only on success).
"""
