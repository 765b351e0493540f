"""The presentation tests' small registry and long indicator frames serve disclosure tests too."""
from tests.present.conftest import long_frame, params, registry  # noqa: F401 (pytest fixtures)
