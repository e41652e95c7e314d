"""Belgian (French) formatting of money, numbers and dates: `449 999,50 €`, `23/11/2026`."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"


def _group_thousands(integer_digits: str) -> str:
    groups = []
    while len(integer_digits) > 3:
        groups.insert(0, integer_digits[-3:])
        integer_digits = integer_digits[:-3]
    groups.insert(0, integer_digits)
    return NBSP.join(groups)


def format_number(value, places: int = 0) -> str:
    """`1234567.891` → `1 234 567,89` (places=2); non-numbers come back as an empty string."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    quantum = Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):.{places}f}"
    integer, _, decimals = text.partition(".")
    result = sign + _group_thousands(integer)
    return f"{result},{decimals}" if places else result


def format_money(value, places: int = 2) -> str:
    """`449999.5` → `449 999,50 €` (non-breaking spaces)."""
    text = format_number(value, places)
    return f"{text}{NBSP}€" if text else ""


def format_percent(value, places: int = 1) -> str:
    """A ratio (0.8) as `80,0 %`."""
    if value is None:
        return ""
    text = format_number(Decimal(str(value)) * 100, places)
    return f"{text}{NBSP}%" if text else ""
