"""How API callers authenticate. Staff use their session (the web login, CSRF-checked for writes)."""

from ninja.security import SessionAuth

staff_session = SessionAuth()
