"""Atomic writes: all or nothing, and the file keeps its mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from labelspec.files import AtomicFile, write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_usual_mode_not_the_temporary_one(tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "text\n")
    finally:
        os.umask(old_mask)
    assert mode(tmp_path / "new.txt") == 0o644
    assert (tmp_path / "new.txt").read_text() == "text\n"


def test_rewriting_keeps_the_existing_mode(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomic(path, "new\n")
    assert mode(path) == 0o640 and path.read_text() == "new\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("kept\n")
    target = AtomicFile(path)
    target.write(b"half")
    target.discard()
    assert path.read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_an_unwritable_folder_is_one_clear_error(tmp_path: Path) -> None:
    from labelspec.errors import InputError

    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(tmp_path / "file" / "below.txt", "x")


def test_output_folders_get_the_usual_mode(tmp_path: Path) -> None:
    from labelspec.relabeling.outputs import AtomicDirectory

    old_mask = os.umask(0o022)
    try:
        folder = AtomicDirectory(tmp_path / "dataset")
        (folder.temporary / "labels.txt").write_text("0 0.5 0.5 0.1 0.1\n")
        folder.commit()
    finally:
        os.umask(old_mask)
    assert mode(tmp_path / "dataset") == 0o755
    assert (tmp_path / "dataset" / "labels.txt").is_file()
