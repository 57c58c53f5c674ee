# Uses the suffix as it is: Report.PDF goes to PDF/, not pdf/.
from pathlib import Path


def organise(root, dry_run=False):
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"not a directory: {root}")
    moves = []
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        folder = root / (path.suffix[1:] or "other")
        target = folder / path.name
        copy = 1
        while target.exists():
            target = folder / f"{path.stem} ({copy}){path.suffix}"
            copy += 1
        moves.append((path.name, target.relative_to(root).as_posix()))
        if not dry_run:
            folder.mkdir(exist_ok=True)
            path.rename(target)
    return moves
