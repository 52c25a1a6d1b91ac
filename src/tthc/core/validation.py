"""Pydantic validation errors in Vietnamese, as tthc's problem details ``{"record", "field", "message"}``.

Used wherever input is validated with pydantic: the API's 422 responses, the catalog import, the forms.
"""

from __future__ import annotations


def field_path(loc: tuple | list) -> str:
    """``("channels", 0, "time_unit")`` → ``"channels[0].time_unit"``: how messages name a record's field."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _allowed(ctx: dict) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " hoặc ")


# Vietnamese wording of pydantic's error types; anything not listed is "giá trị không hợp lệ".
_MESSAGES = {
    "missing": lambda ctx: "thiếu trường bắt buộc",
    "extra_forbidden": lambda ctx: "trường không có trong mẫu bản ghi",
    "literal_error": lambda ctx: f"giá trị không hợp lệ (cho phép: {_allowed(ctx)})",
    "string_pattern_mismatch": lambda ctx: "không đúng định dạng",
    "string_too_short": lambda ctx: "không được để trống",
    "string_too_long": lambda ctx: f"dài quá {ctx.get('max_length')} ký tự",
    "string_type": lambda ctx: "phải là chuỗi ký tự",
    "too_short": lambda ctx: f"phải có ít nhất {ctx.get('min_length')} mục",
    "too_long": lambda ctx: f"có nhiều hơn {ctx.get('max_length')} mục",
    "list_type": lambda ctx: "phải là một danh sách",
    "model_type": lambda ctx: "phải là một đối tượng",
    "dict_type": lambda ctx: "phải là một đối tượng",
    "model_attributes_type": lambda ctx: "phải là một đối tượng",
    "int_type": lambda ctx: "phải là số nguyên",
    "int_parsing": lambda ctx: "phải là số nguyên",
    "int_from_float": lambda ctx: "phải là số nguyên",
    "decimal_type": lambda ctx: "phải là số",
    "decimal_parsing": lambda ctx: "phải là số",
    "decimal_max_places": lambda ctx: f"tối đa {ctx.get('decimal_places')} chữ số thập phân",
    "decimal_max_digits": lambda ctx: f"tối đa {ctx.get('max_digits')} chữ số",
    "decimal_whole_digits": lambda ctx: f"phần nguyên tối đa {ctx.get('whole_digits')} chữ số",
    "greater_than": lambda ctx: f"phải lớn hơn {ctx.get('gt')}",
    "greater_than_equal": lambda ctx: f"phải lớn hơn hoặc bằng {ctx.get('ge')}",
    "less_than": lambda ctx: f"phải nhỏ hơn {ctx.get('lt')}",
    "less_than_equal": lambda ctx: f"phải nhỏ hơn hoặc bằng {ctx.get('le')}",
    "bool_type": lambda ctx: "phải là true hoặc false",
    "bool_parsing": lambda ctx: "phải là true hoặc false",
    "date_type": lambda ctx: "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": lambda ctx: "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": lambda ctx: "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": lambda ctx: "phải là ngày dạng YYYY-MM-DD",
    "value_error": lambda ctx: str(ctx.get("error", "giá trị không hợp lệ")),
}


def error_message(error: dict, *, special_messages: dict | None = None) -> str:
    """The Vietnamese message for one pydantic error (an item of ``ValidationError.errors()``).

    ``special_messages`` maps (field name, error type) to a message that says more than the generic wording.
    """
    loc = tuple(error.get("loc", ()))
    special = (special_messages or {}).get((field_path(loc[-1:]), error.get("type")))
    if special:
        return special
    wording = _MESSAGES.get(error.get("type", ""))
    return wording(error.get("ctx") or {}) if wording else "giá trị không hợp lệ"


def problems(
    errors: list[dict], *, record: str, prefix: tuple = (), special_messages: dict | None = None
) -> list[dict]:
    """Pydantic errors as tthc's problem details ``{"record", "field", "message"}``, in Vietnamese.

    ``prefix`` is stripped from each location (django-ninja puts ``("body", "payload")`` in front).
    """
    result = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if prefix and loc[: len(prefix)] == prefix:
            loc = loc[len(prefix) :]
        result.append(
            {
                "record": record,
                "field": field_path(loc),
                "message": error_message(error, special_messages=special_messages),
            }
        )
    return result
