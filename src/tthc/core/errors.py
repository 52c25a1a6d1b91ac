"""Domain errors: what a user can cause, with a Vietnamese message and a stable code.

Views show ``message``; the API maps the error to a 4xx response with ``code`` so clients can rely on it.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request. Nothing has been written."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, details=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.details = details or []

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return body


class ValidationFailed(DomainError):
    """Input data is invalid; ``details`` lists each problem as {"record", "field", "message"}."""

    code = "validation_failed"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", **kwargs):
        super().__init__(message, **kwargs)
