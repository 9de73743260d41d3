"""Reading untrusted files: what they are (``filetypes``) and their text (``sandbox``)."""
