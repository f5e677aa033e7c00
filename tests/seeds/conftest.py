import shutil
from pathlib import Path

import pytest

from seeds.catalog import SOURCE_FILES

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def source_copy(tmp_path):
    """A copy of the five source texts that a test may edit (`seed --source <copy>`)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in SOURCE_FILES.values():
        shutil.copy(SEEDS / name, folder / name)
    return folder
