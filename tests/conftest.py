"""Shared fixtures."""

import pytest


@pytest.fixture(scope="session")
def extractor():
    """One `Extractor` for the whole session: loading spaCy costs about a second and a half."""
    from claimx.api import Extractor

    return Extractor()
