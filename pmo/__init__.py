"""pmo: a programme-management-office toolkit over plain-text YAML records."""

__version__ = "0.1.0"
#: The version of the records format this pmo reads (see records-format.md).
FORMAT_VERSION = 1
