"""ketacost: course cost ranges for ketamine therapy in Canada, from sourced price data."""

__version__ = "0.1.0"
