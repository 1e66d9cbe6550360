"""Small helpers for messages people read (CLI output, flash messages)."""


def counted(n: int, noun: str, plural: str = "") -> str:
    """'1 statement', '3 statements': a count with its noun in the right number."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
