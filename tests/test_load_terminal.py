"""`load` on a terminal: a progress bar, and each error on a line of its own (before, an
error was written right after the bar: "Loading [##--] 1/3error: in/bad.md ...")."""
import os
import pty
import re
import subprocess
import sys


def test_errors_start_their_own_line_over_the_progress_bar(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Headline A\nAna Ruiz said the port reopened.\n", encoding="utf-8")
    (corpus / "b.md").write_text("---\ntitle: [not, a, string]\n---\nBody said so.\n", encoding="utf-8")
    (corpus / "c.txt").write_bytes(b"")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "datasette", "provenance", "load", str(tmp_path / "p.db"), str(corpus)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, timeout=60)
        os.close(follower)
        follower = None
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 1
    assert done.stdout.decode().strip() == "1 loaded, 0 unchanged, 2 failed"
    terminal = shown.decode("utf-8", "replace")
    assert "Loading" in terminal  # the bar was drawn
    errors = [m.start() for m in re.finditer("error: ", terminal)]
    assert len(errors) == 2
    for at in errors:
        # What a terminal shows: the bar's line erased (CR, ESC[2K) or a fresh line.
        assert terminal[:at].endswith(("\r\x1b[2K", "\n")), repr(terminal[max(0, at - 60):at + 30])
