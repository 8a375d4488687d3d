"""The pieces of laying out one page of a graphic; `cfpgraphics.render.compose` puts them together.

frame.py    what every placer needs (brand, values, size, ...) and how it reports problems
geometry.py boxes in fractions of the safe area, mirroring for right-to-left
styles.py   an element's text style and the text it shows
place.py    one placer per element kind, in one table
numbered.py numbered points at one common size
stack.py    columns of elements laid out at their real height (and rows: `beside:`)
columns.py  a list set in columns
units.py    a percentage as a 10 x 10 unit chart
languages.py one message in every language, a cell each
"""
