"""`cfpgraphics serve`: the review gallery on a local web server that rebuilds on every save
and refreshes open pages by itself. The top stage below the CLI: it uses the builder (and later
exchange, for editing in the browser); nothing below imports it."""
