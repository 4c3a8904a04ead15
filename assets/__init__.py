"""Bundled assets: the style sheet, fonts for the PDF brief, icons."""
