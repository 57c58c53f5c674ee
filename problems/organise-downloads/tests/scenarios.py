import os
import pathlib
import shutil
import tempfile

from verdict import sample


def make_tree(files):
    """A fresh temporary folder holding the given files (relative path -> text)."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="downloads-"))
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def tree(root):
    """Every file under root, relative, with its text."""
    return sorted((p.relative_to(root).as_posix(), p.read_text()) for p in root.rglob("*") if p.is_file())


def folders(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


@sample
def test_sorts_files_by_extension(solution, check):
    root = make_tree({"b.txt": "b.txt", "A.TXT": "A.TXT", "photo.jpeg": "photo.jpeg", "Makefile": "Makefile",
                      "txt/b.txt": "txt/b.txt"})
    try:
        check(solution.organise(root))
        check([name for name, _ in tree(root)])
        check.call((root / "txt" / "b (1).txt").read_text)
    finally:
        shutil.rmtree(root)


def test_contents_survive_the_move(solution, check):
    root = make_tree({"Report.PDF": "pdf bytes", "data.csv": "a,b\n1,2\n", "notes.": "dot at the end",
                      "README": "read me", "backup.tar.gz": "tarball"})
    try:
        check(solution.organise(root))
        check(tree(root))
        check(folders(root))
    finally:
        shutil.rmtree(root)


def test_never_overwrites(solution, check):
    root = make_tree({"report.pdf": "new", "pdf/report.pdf": "old", "pdf/report (1).pdf": "older",
                      "pdf/report (3).pdf": "oldest", "README": "new readme", "other/README": "old readme",
                      "backup.tar.gz": "new tar", "gz/backup.tar.gz": "old tar"})
    try:
        check(solution.organise(root))
        check(tree(root))
    finally:
        shutil.rmtree(root)


def test_leaves_hidden_files_and_subfolders_alone(solution, check):
    root = make_tree({".env": "SECRET=1", ".cache.txt": "hidden", "keep/inner.txt": "inner",
                      "keep/deeper/deep.pdf": "deep", "visible.txt": "visible", "txt/already.txt": "there"})
    try:
        check(solution.organise(root))
        check(tree(root))
        check(folders(root))
    finally:
        shutil.rmtree(root)


def test_dry_run_changes_nothing(solution, check):
    files = {"a.PNG": "a", "b.png": "b", "png/b.png": "old b", "c": "c", "music.MP3": "m"}
    root = make_tree(files)
    try:
        before = tree(root)
        planned = solution.organise(root, dry_run=True)
        check(planned)
        check(tree(root) == before)
        check(folders(root))
        check(solution.organise(str(root)) == planned)
        check(tree(root))
    finally:
        shutil.rmtree(root)


def test_second_run_has_nothing_to_do(solution, check):
    root = make_tree({"x.txt": "x", "y.md": "y"})
    try:
        check(solution.organise(root))
        check(solution.organise(root))
        (root / "x.txt").write_text("x again")
        check(solution.organise(root))
        check(tree(root))
    finally:
        shutil.rmtree(root)


def test_empty_and_missing_roots(solution, check):
    root = make_tree({})
    try:
        check(solution.organise(root))
        check(folders(root))
        os.chdir(root)
        with check.raises():
            solution.organise("missing")
        (root / "file.txt").write_text("I am a file")
        with check.raises():
            solution.organise(pathlib.Path("file.txt"))
        check(tree(root))
    finally:
        shutil.rmtree(root)


def test_name_order_decides_numbering(solution, check):
    root = make_tree({"z.log": "z", "Z.LOG": "Z", "log/z.log": "old", "log/Z.LOG": "old Z",
                      "m.Log": "m", "10.log": "ten", "9.log": "nine"})
    try:
        check(solution.organise(root))
        check(tree(root))
    finally:
        shutil.rmtree(root)


def test_accepts_str_and_path(solution, check):
    root = make_tree({"one.txt": "1"})
    try:
        result = solution.organise(str(root))
        check(result)
        check([type(item).__name__ for item in result])
        check([type(part).__name__ for item in result for part in item])
    finally:
        shutil.rmtree(root)
