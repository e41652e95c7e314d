"""docs/benchmarks.md holds one section per measuring command (`make bench`, `make load`); each command rewrites
only its own section, between its markers, and leaves the other's measurements alone."""

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"


def write_section(command: str, text: str, doc: Path = DOC) -> None:
    begin, end = f"<!-- {command}: begin -->", f"<!-- {command}: end -->"
    current = doc.read_text() if doc.exists() else "# Benchmarks\n"
    block = f"{begin}\n{text.strip()}\n{end}"
    if begin in current and end in current:
        current = current[: current.index(begin)] + block + current[current.index(end) + len(end) :]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    doc.write_text(current)
