from hypothesis import given
from hypothesis import strategies as st

from tthc.core.folding import fold


def test_fold_strips_diacritics_and_case():
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"


def test_fold_maps_d_with_stroke_to_d():
    assert fold("đường Đồng Khởi") == "duong dong khoi"


def test_fold_collapses_white_space():
    assert fold("  Cấp   giấy\tphép\n") == "cap giay phep"


def test_fold_of_nothing_is_empty():
    assert fold(None) == ""
    assert fold("") == ""


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
