"""Third-Country Watch: corridors and facts of third-country transfer deals, with evidence."""

__version__ = "0.1.0"
