"""The public portal and the disclosure of enforcement decisions (P1–P17, I2)."""


def desensitise(text: str, known_names=(), **options) -> str:
    """``text`` with identity numbers, phones, accounts, plates, birth dates, addresses and names masked (P15).

    ``known_names`` are natural persons the case names (witnesses, employees, complainants): always masked.
    See :func:`zhifa.disclosure.masking.find_spans` for the options.
    """
    from .masking import desensitise as _desensitise

    return _desensitise(text, known_names, **options)
