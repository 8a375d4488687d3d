"""cfpgraphics: branded, multilingual social graphics for the Collective Freedom Project."""

__version__ = "0.1.0"
