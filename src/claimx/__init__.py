"""claimx: extract who-said-what claims from news articles."""

__version__ = "0.1.0"


def extract(text: str, **options):  # noqa: ANN201 - documented in claimx.api.extract
    """Claims in `text` (see `claimx.api.extract`); imported lazily so `import claimx` stays light."""
    from claimx.api import extract as _extract

    return _extract(text, **options)
