"""Errors the user can fix: printed as one line (what, where, what to do), never a traceback."""


class UserError(Exception):
    """Something the user can fix; printed as one line."""
