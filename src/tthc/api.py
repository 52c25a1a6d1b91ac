"""The HTTP API root, under /api/v1/. Each capability adds its router here.

JSON is rendered with ``ensure_ascii=False`` so Vietnamese text reads as written. Domain errors become 4xx
responses with a stable ``code`` and a Vietnamese ``message``; request validation errors are 422 with details.
"""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from tthc.core.errors import DomainError


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="tthc API",
    version="1",
    description="API kiểm soát thủ tục hành chính và một cửa của tỉnh. Mọi phản hồi lỗi có `code` và `message`.",
    renderer=UnicodeJSONRenderer(),
    auth=None,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    return api.create_response(
        request,
        {"code": "validation_failed", "message": "Dữ liệu gửi lên không hợp lệ.", "details": exc.errors},
        status=422,
    )


from tthc.catalog.api import router as catalog_router  # noqa: E402
from tthc.organisation.api import router as organisation_router  # noqa: E402
from tthc.workcalendar.api import router as calendar_router  # noqa: E402

api.add_router("/organisation", organisation_router)
api.add_router("/calendar", calendar_router)
api.add_router("/catalog", catalog_router)
