"""Errors every app's services raise and every view and API answer the same way."""


class ConflictError(Exception):
    """The record changed since the editor loaded it (optimistic locking)."""

    def __init__(self, message="该记录已被他人修改，请刷新后重试"):
        super().__init__(message)
        self.message = message
