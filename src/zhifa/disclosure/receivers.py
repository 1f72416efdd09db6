"""Receivers of other apps' signals: the only way decisions enter the disclosure app (P1: never re-keyed)."""


def decision_issued(sender, *, document, actor, docx, previous=None, **kwargs):
    from .services import open_disclosure

    open_disclosure(actor, document, docx=docx, previous=previous)
