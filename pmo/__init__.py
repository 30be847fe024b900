"""pmo: a programme-management-office toolkit over plain-text YAML records."""

__version__ = "0.2.0"
#: The name pmo is installed under (``pip install pmo-toolkit``); the command is ``pmo``.
DISTRIBUTION = "pmo-toolkit"
#: The version of the records format this pmo reads (see docs/format.md).
FORMAT_VERSION = 1
