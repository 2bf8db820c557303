"""Git history: taxonomy_at, find_versions, load(at=...), and bad refs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import labelspec
from labelspec.errors import GitError, TaxonomyError
from labelspec.repository import Repository
from labelspec.versions.history import check_ref, find_versions, is_shallow, taxonomy_at
from versions.gitrepo import GitRepo, taxonomy_yaml

V1 = taxonomy_yaml("1.0.0", "car: {definition: A car.}\nauto: {definition: An auto.}")
V1_TEXT_EDIT = taxonomy_yaml("1.0.0", "car: {definition: A car!}\nauto: {definition: An auto.}")
V2 = taxonomy_yaml(
    "2.0.0",
    "car: {definition: A car.}\n"
    "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged.}",
)
V2_1 = taxonomy_yaml(
    "2.1.0",
    "car: {definition: A car.}\nbus: {definition: A bus.}\n"
    "auto: {status: deprecated, deprecated_in: 2.0.0, replaced_by: car, reason: Merged.}",
)


@pytest.fixture
def history(repo: GitRepo) -> tuple[GitRepo, list[str]]:
    shas = [
        repo.commit(V1, "1.0.0"),
        repo.commit(V1_TEXT_EDIT, "typo"),
        repo.commit(V2, "2.0.0"),
        repo.commit(V2_1, "2.1.0"),
    ]
    return repo, shas


def test_taxonomy_at_reads_each_commit(history: tuple[GitRepo, list[str]]) -> None:
    repo, shas = history
    repository = Repository.discover(repo.root)
    first = taxonomy_at(repository, repo.path(), shas[0])
    assert first is not None
    assert first.version == "1.0.0"
    assert first.labels["auto"].is_active
    at_head = taxonomy_at(repository, repo.path(), "HEAD~1")
    assert at_head is not None
    assert at_head.version == "2.0.0"
    assert not at_head.labels["auto"].is_active
    # Positions refer to the file as it was, and the origin names the ref.
    assert at_head.position("labels", "auto")[0] == 7
    assert at_head.origin == "taxonomy/t.yaml@HEAD~1"


def test_taxonomy_at_a_commit_before_the_file_existed(repo: GitRepo) -> None:
    first = repo.commit(None, "empty start")
    repo.commit(V1, "add taxonomy")
    assert taxonomy_at(Repository.discover(repo.root), repo.path(), first) is None


def test_find_versions_takes_the_first_commit_of_each_version(
    history: tuple[GitRepo, list[str]],
) -> None:
    repo, shas = history
    found = find_versions(Repository.discover(repo.root), repo.path())
    assert [(v.version, v.commit, v.tag) for v in found] == [
        ("1.0.0", shas[0], None),
        ("2.0.0", shas[2], None),
        ("2.1.0", shas[3], None),
    ]
    assert all(v.author == "Ada Lovelace" for v in found)


def test_tags_win_and_the_taxonomy_tag_beats_a_plain_one(
    history: tuple[GitRepo, list[str]],
) -> None:
    repo, shas = history
    repo.tag("v1.0.0", shas[1])  # the release was tagged after the typo fix
    repo.tag("t@1.0.0", shas[1])
    repo.tag("v2.0.0", shas[2])
    repo.tag("v9.9.9", shas[3])  # names a version the file never had there: ignored
    repo.tag("other@2.1.0", shas[3])  # another taxonomy's tag: ignored
    found = {v.version: v for v in find_versions(Repository.discover(repo.root), repo.path())}
    assert sorted(found) == ["1.0.0", "2.0.0", "2.1.0"]
    assert (found["1.0.0"].commit, found["1.0.0"].tag) == (shas[1], "t@1.0.0")
    assert (found["2.0.0"].commit, found["2.0.0"].tag) == (shas[2], "v2.0.0")
    assert found["2.1.0"].tag is None


def test_load_at_a_version_or_a_ref(history: tuple[GitRepo, list[str]]) -> None:
    repo, shas = history
    old = labelspec.load(repo.path(), at="1.0.0")
    assert old.version == "1.0.0"
    assert old.labels["car"].definition == "A car."  # the first commit, not the typo fix
    assert labelspec.load(repo.path(), at="main~1").version == "2.0.0"
    assert labelspec.load(repo.path(), at=shas[1]).labels["car"].definition == "A car!"
    # The working file's own version needs no commit.
    repo.write(V2_1.replace("2.1.0", "3.0.0"))
    assert labelspec.load(repo.path(), at="3.0.0").version == "3.0.0"


def test_unknown_version_lists_the_known_ones(history: tuple[GitRepo, list[str]]) -> None:
    repo, _ = history
    with pytest.raises(
        GitError, match=r"unknown version 1\.5\.0 of t \(known: 1\.0\.0, 2\.0\.0, 2\.1\.0\)"
    ):
        labelspec.load(repo.path(), at="1.5.0")


@pytest.mark.parametrize(
    "ref", ["-rf", "--output=/tmp/x", "main..HEAD", "HEAD:taxonomy/t.yaml", "a b", "", "x" * 300]
)
def test_refs_that_are_not_plain_refs_are_refused(ref: str) -> None:
    with pytest.raises(GitError, match="is not a git ref"):
        check_ref(ref)


def test_unknown_ref(history: tuple[GitRepo, list[str]]) -> None:
    repo, _ = history
    with pytest.raises(GitError, match=r"^unknown git ref 'no-such-branch'$"):
        labelspec.load(repo.path(), at="no-such-branch")


def test_file_absent_at_the_ref(repo: GitRepo) -> None:
    repo.commit(V1, "t")
    repo.commit(V1, "u", taxonomy="u")
    repo.git("rm", "-q", "taxonomy/u.yaml")
    repo.commit(None, "drop u")
    # the file is gone from the working tree too
    with pytest.raises(GitError, match=r"taxonomy/u\.yaml does not exist at 'HEAD'"):
        labelspec.load(repo.path("u"), at="HEAD")
    assert labelspec.load(repo.path("u"), at="HEAD~1").taxonomy == "t"


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "taxonomy").mkdir()
    path = tmp_path / "taxonomy" / "t.yaml"
    path.write_text(V1)
    with pytest.raises(GitError, match="not inside a git repository"):
        labelspec.load(path, at="HEAD")


def test_shallow_clone_says_so(history: tuple[GitRepo, list[str]], tmp_path: Path) -> None:
    repo, shas = history
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        check=True,
        capture_output=True,
    )
    path = clone / "taxonomy" / "t.yaml"
    with pytest.raises(GitError, match="shallow clone"):
        labelspec.load(path, at=shas[0])
    # HEAD~1 names the parent HEAD records, which the clone never fetched.
    with pytest.raises(GitError, match="not in this shallow clone"):
        labelspec.load(path, at="HEAD~1")
    with pytest.raises(GitError, match="shallow clone"):
        labelspec.load(path, at="1.0.0")
    assert labelspec.load(path, at="HEAD").version == "2.1.0"
    assert is_shallow(Repository.discover(clone))
    assert not is_shallow(Repository.discover(repo.root))


def test_an_old_version_that_does_not_load(repo: GitRepo) -> None:
    repo.commit("taxonomy: t\ntitle: T\nversion: 1.0.0\nlabels: [oops]\n", "broken")
    repo.commit(V2, "fixed")
    with pytest.raises(TaxonomyError, match=r"taxonomy/t\.yaml@HEAD~1:\d+:\d+: SCH004"):
        labelspec.load(repo.path(), at="HEAD~1")


def test_a_released_version_comes_from_history_not_the_edited_file(
    history: tuple[GitRepo, list[str]],
) -> None:
    repo, _ = history
    repo.write(V2_1.replace("A car.", "A car, edited before the bump."))
    released = labelspec.load(repo.path(), at="2.1.0")
    assert released.labels["car"].definition == "A car."
    assert released.origin == "taxonomy/t.yaml@2.1.0"


def test_a_full_clone_with_packed_objects(
    history: tuple[GitRepo, list[str]], tmp_path: Path
) -> None:
    """A fresh clone (as CI makes) keeps its commits in packs, not loose objects."""
    repo, shas = history
    clone = tmp_path / "full"
    subprocess.run(
        ["git", "clone", "-q", f"file://{repo.root}", str(clone)], check=True, capture_output=True
    )
    assert not any((clone / ".git" / "objects").glob("??/*"))  # nothing loose
    path = clone / "taxonomy" / "t.yaml"
    assert labelspec.load(path, at="HEAD~3").labels["car"].definition == "A car."
    assert labelspec.load(path, at="1.0.0").version == "1.0.0"
    assert [v.commit for v in find_versions(Repository.discover(clone), path)] == [
        shas[0],
        shas[2],
        shas[3],
    ]
