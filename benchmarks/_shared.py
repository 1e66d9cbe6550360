"""What the benchmark scripts share: where PolNeAR is and how to run the real CLI."""
from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
if not POLNEAR.exists():
    POLNEAR = pathlib.Path("/work/shared/eval/polnear")
TRAIN_TEXT = POLNEAR / "train" / "text"


def datasette_command():
    """argv prefix that runs `datasette` from this interpreter's environment."""
    exe = pathlib.Path(sys.executable).with_name("datasette")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "import sys; from datasette.cli import cli; "
            "sys.argv[0] = 'datasette'; cli()"]
