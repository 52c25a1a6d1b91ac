"""The HTTP API root, under /api/v1/. Each capability adds its router here.

JSON is rendered with ``ensure_ascii=False`` so Vietnamese text reads as written. Domain errors become 4xx
responses with a stable ``code`` and a Vietnamese ``message``; request validation errors are 422 with details.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from tthc.core.errors import DomainError
from tthc.core.validation import problems


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Mã lỗi ổn định, ví dụ validation_failed"},
        "message": {"type": "string", "description": "Thông báo lỗi bằng tiếng Việt"},
        "field": {"type": "string"},
        "details": {"type": "array", "items": {"type": "object"}},
    },
}


class TthcAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document, like every response, keeps Vietnamese text unescaped."""

    def get_openapi_schema(self, *args, **kwargs):
        """Document the 422 response (and its body) of every operation that takes input, in one place."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("parameters") or operation.get("requestBody"):
                    operation.setdefault("responses", {}).setdefault(
                        "422",
                        {
                            "description": "Dữ liệu không hợp lệ",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                            },
                        },
                    )
        return schema

    def _get_urls(self):
        def openapi_json(request, **kwargs):
            schema = self.get_openapi_schema(path_params=kwargs)
            return JsonResponse(schema, safe=False, json_dumps_params={"ensure_ascii": False})

        patterns = super()._get_urls()
        return [
            path(self.openapi_url.lstrip("/"), openapi_json, name="openapi-json")
            if getattr(p, "name", None) == "openapi-json"
            else p
            for p in patterns
        ]


api = TthcAPI(
    title="tthc API",
    version="1",
    description=(
        "API kiểm soát thủ tục hành chính và một cửa của tỉnh. Mọi phản hồi lỗi có `code` và `message`."
    ),
    renderer=UnicodeJSONRenderer(),
    auth=None,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """Errors django-ninja raises itself, in the shape and language of every other error. A body that is
    not JSON (ninja: "Cannot parse request body") gets a stable code and a Vietnamese message."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        body = {
            "code": "malformed_body",
            "message": "Nội dung yêu cầu không đọc được: dữ liệu gửi lên phải là JSON hợp lệ (UTF-8).",
        }
    else:
        body = {"code": f"http_{exc.status_code}", "message": str(exc)}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    return api.create_response(
        request,
        {
            "code": "validation_failed",
            "message": "Dữ liệu gửi lên không hợp lệ.",
            "details": problems(exc.errors, record="", prefix=("body", "payload")),
        },
        status=422,
    )


from tthc.catalog.api import router as catalog_router  # noqa: E402
from tthc.dossiers.api import router as dossiers_router  # noqa: E402
from tthc.feedback.api import router as feedback_router  # noqa: E402
from tthc.organisation.api import router as organisation_router  # noqa: E402
from tthc.plans.api import router as plans_router  # noqa: E402
from tthc.workcalendar.api import router as calendar_router  # noqa: E402

api.add_router("/organisation", organisation_router)
api.add_router("/calendar", calendar_router)
api.add_router("/catalog", catalog_router)
api.add_router("/dossiers", dossiers_router)
api.add_router("/feedback", feedback_router)
api.add_router("/plans", plans_router)
