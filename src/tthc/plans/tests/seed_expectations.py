"""Every task of the seed plans' appendices, written by hand from reading the documents.

Read from ``shared/seeds/000_…txt`` (Quảng Trị, plan 2021) and ``shared/seeds/001_…txt`` (Thừa Thiên Huế,
plan 2022), row by row, with the page breaks put back together as a reader of the printed document would:

* 000 II.2, IV.3, VI.1, VII.2 and 001 I.3, II.2.2, II.2.4, II.2.6, II.3.2, II.4.4, III.3, IV.3, VI.5, VII.2:
  a row cut by a page break goes on, without number, after the repeated header (or the blank line).
* 000 III.2 / III.3: the partner list of III.2 ends with "- UBND cấp huyện;" at the foot of the page, and its
  last item "- UBND cấp xã" was glued by the converter in front of III.3's partner ("- UBND cấp xã Văn phòng
  UBND tỉnh"): III.2's partners end with UBND cấp xã, III.3's partner is Văn phòng UBND tỉnh.
* 000 VII.2: the page break left the lead cut ("- Các cơ quan chuyên môn, cơ quan thuộc") and the converter
  put the rest of the row in the content column ("… của các cơ" + "quan chuyên môn, cơ quan thuộc UBND tỉnh,
  UBND cấp huyện"): the document as converted says nothing more about the lead, so the lead stays as written.
* 001 II.3.1 and II.3.2: one task over two rows with different lead units: both leads, both rows' partners,
  both outputs, both timeframes.
* 001 II.1.2 "Sở, ngành tỉnh ban, cấp" and II.4.4 "Thường xuân" are the document's own typos, kept.

Unit names are as written, split only on ";", line breaks and leading "-" (a comma is part of a name).
"""

from __future__ import annotations

VP = "Văn phòng UBND tỉnh"
CQCM = "Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh"
HUYEN = "UBND cấp huyện"
XA = "UBND cấp xã"
ALL_LEVELS = [CQCM, HUYEN, XA]
TX = "Thường xuyên"

# (group number, group title, [(task number, lead, partners, timeframe text), …])
PLAN_000 = [
    (
        "I",
        "Công tác chỉ đạo điều hành",
        [
            ("1", [VP], ALL_LEVELS, "Tháng 01/2021"),
            ("2", [VP], ALL_LEVELS, "Quý I/2021"),
            ("3", [VP], [], TX),
        ],
    ),
    (
        "II",
        "Công bố, công khai thủ tục hành chính",
        [
            ("1", [CQCM], [HUYEN, XA, VP], TX),
            ("2", [VP], ALL_LEVELS, TX),
            ("3", [CQCM], [VP], TX),
            ("4", [VP], ["Cục Kiểm soát TTHC"], TX),
            ("5", ALL_LEVELS, [VP], TX),
        ],
    ),
    (
        "III",
        "Rà soát, đánh giá quy định, thủ tục hành chính",
        [
            ("1", ALL_LEVELS, [VP], TX),
            ("2", [VP], ALL_LEVELS, TX),
            ("3", ALL_LEVELS, [VP], TX),
            ("4", [VP], ALL_LEVELS, TX),
        ],
    ),
    (
        "IV",
        "Tổ chức thực hiện cơ chế một cửa, một cửa liên thông và ứng dụng công nghệ thông tin trong "
        "giải quyết TTHC",
        [
            ("1", [CQCM], [HUYEN, XA, VP], TX),
            ("2", [VP], ALL_LEVELS, TX),
            ("3", [CQCM, "Cơ quan trung ương trên địa bàn"], [VP], TX),
            ("4", [VP], [CQCM], TX),
            ("5", [CQCM, "Cơ quan trung ương trên địa bàn", HUYEN, XA], [VP], TX),
            ("6", ALL_LEVELS, [VP], TX),
            ("7", ALL_LEVELS, [VP], TX),
        ],
    ),
    (
        "V",
        "Kiểm tra, kiểm soát việc thực hiện thủ tục hành chính và hoạt động kiểm soát thủ tục hành chính",
        [("1", [VP, "Sở Nội vụ"], ALL_LEVELS, "Quý II, III/2021")],
    ),
    (
        "VI",
        "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
        [
            ("1", ALL_LEVELS, [VP], TX),
            ("2", [VP], ALL_LEVELS, TX),
            ("3", ALL_LEVELS, [VP], TX),
        ],
    ),
    (
        "VII",
        "Công tác thông tin, tuyên truyền và hoạt động kiểm soát thủ tục hành chính và thực hiện cơ chế "
        "một cửa, một cửa liên thông trong giải quyết TTHC",
        [
            (
                "1",
                [CQCM, HUYEN, "Báo Quảng Trị, Đài Phát thanh truyền hình tỉnh"],
                [VP, "Các cơ quan, đơn vị có liên quan"],
                TX,
            ),
            ("2", ["Các cơ quan chuyên môn, cơ quan thuộc"], ["Các cơ quan, đơn vị có liên quan"], TX),
            ("3", [VP], ALL_LEVELS, "Trong năm"),
            ("4", [VP], ALL_LEVELS, "Trong năm"),
        ],
    ),
    (
        "VIII",
        "Công tác số hóa kết quả giải quyết thủ tục hành chính theo Nghị định số 45/2020/NĐ-CP",
        [
            ("1", ALL_LEVELS, [VP], "Hoàn thành trước ngày 31/3/2021"),
            ("2", [VP], [], "Hoàn thành trước ngày 31/10/2021."),
            ("3", ALL_LEVELS, [], "Thực hiện từ tháng 01 - 12/2021"),
            ("4", ["Sở Thông tin – Truyền thông"], ["Sở Nội vụ", "Sở Thông tin – Truyền thông"], "Trong năm"),
            ("5", [VP], [], "Trong năm"),
        ],
    ),
    (
        "IX",
        "Công tác tập huấn, hướng dẫn nghiệp vụ kiểm soát TTHC, thực hiện cơ chế một cửa, một cửa liên thông "
        "trong giải quyết TTHC ; hội nghị, hội thảo",
        [
            ("1", [VP], ["Các cơ quan, đơn vị có liên quan"], "Theo Kế hoạch của Cục Kiểm soát TTHC"),
            ("2", [VP], ALL_LEVELS, "Quý II, III/2021"),
            ("3", [VP], ALL_LEVELS, "Trong năm"),
        ],
    ),
    (
        "X",
        "Công tác khác",
        [
            ("1", [VP], ALL_LEVELS, "Quý I, Quý II, Quý III và I năm"),
            ("2", [VP], ["Sở Nội vụ và các cơ quan, đơn vị có liên quan"], "Quý IV/2021 hoặc đột xuất"),
            ("3", [VP], ALL_LEVELS, "Trong năm"),
            ("4", [VP], [CQCM], "Tháng 01/2022"),
        ],
    ),
]

# The plan year 2021; (start, end, recurrence) of every timeframe text of 000, read by hand.
TIMEFRAMES_000 = {
    "Tháng 01/2021": ("2021-01-01", "2021-01-31", "once"),
    "Quý I/2021": ("2021-01-01", "2021-03-31", "once"),
    TX: ("2021-01-01", "2021-12-31", "continuous"),
    "Quý II, III/2021": ("2021-04-01", "2021-09-30", "once"),
    "Trong năm": ("2021-01-01", "2021-12-31", "once"),
    "Hoàn thành trước ngày 31/3/2021": (None, "2021-03-31", "once"),
    "Hoàn thành trước ngày 31/10/2021.": (None, "2021-10-31", "once"),
    "Thực hiện từ tháng 01 - 12/2021": ("2021-01-01", "2021-12-31", "continuous"),
    "Theo Kế hoạch của Cục Kiểm soát TTHC": (None, None, "unspecified"),
    "Quý I, Quý II, Quý III và I năm": ("2021-01-01", "2021-12-31", "quarterly"),
    "Quý IV/2021 hoặc đột xuất": ("2021-10-01", "2021-12-31", "once"),
    "Tháng 01/2022": ("2022-01-01", "2022-01-31", "once"),
}

SO_BAN_NGANH = "Các sở, ban, ngành cấp tỉnh"
TTTT = "Sở Thông tin và Truyền thông"
CQCM_TT = "Các cơ quan chuyên môn trực thuộc UBND tỉnh"
XA_VA = "UBND cấp xã và các cơ quan, đơn vị liên quan"
SO_HUYEN_XA = "Các sở, ban, ngành cấp tỉnh, UBND cấp huyện, xã"
SO_CAP_TINH = "Sở, ban, ngành cấp tỉnh"
TX22 = "Thường xuyên trong năm 2022"
TXUAN22 = "Thường xuân trong năm 2022"

PLAN_001 = [
    (
        "I",
        "Xây dựng, ban hành các văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành",
        [
            ("1", [VP], [CQCM_TT, HUYEN, XA_VA], "Quý I/2022"),
            ("2", [VP], [CQCM_TT, HUYEN, XA_VA], "Quý I/2022"),
            ("3", [TTTT], [VP, CQCM_TT, HUYEN, XA_VA], "Quý I/2022"),
            ("4", [VP], [CQCM_TT, HUYEN, XA_VA], "Quý I/2022"),
        ],
    ),
    (
        "II",
        "Kiểm soát thủ tục hành chính",
        [
            (
                "1.1",
                ["Các sở, ban, ngành cấp tỉnh được giao chủ trì soạn thảo"],
                [VP, "Sở Tư pháp", "Các cơ quan, đơn vị liên quan"],
                TX22,
            ),
            ("1.2", [VP], ["Sở, ngành tỉnh ban, cấp"], TX22),
            ("1.3", [VP], ["Các sở, ban, ngành cấp tỉnh được giao chủ trì soạn thảo"], TX22),
            (
                "1.4",
                ["Sở Tư pháp"],
                ["Văn phòng UBND tỉnh và các cơ quan, đơn vị được giao chủ trì soạn thảo"],
                TX22,
            ),
            ("2.1", [VP], [SO_BAN_NGANH], TX22),
            ("2.2", [SO_BAN_NGANH], [VP, HUYEN, XA], TX22),
            ("2.3", ["Các sở, ban, ngành thuộc UBND tỉnh"], [VP], TX22),
            ("2.4", [VP], [], TX22),
            ("2.5", [VP], [], TX22),
            (
                "2.6",
                [
                    "Trung tâm Phục vụ hành chính công",
                    "Trung tâm Hành chính công cấp huyện",
                    "Bộ phận Tiếp nhận và trả kết quả hiện đại cấp xã",
                    "Các sở, ban, ngành cấp tỉnh, UBND cấp huyện, UBND cấp xã và các cơ quan, tổ chức được "
                    "nhà nước ủy quyền thực hiện dịch vụ công",
                ],
                [],
                TX22,
            ),
            (
                "3.1",
                [SO_CAP_TINH, HUYEN, VP],
                [VP, SO_CAP_TINH, HUYEN, XA],
                "Tháng 12/2021; Trước 31/12/2021",
            ),
            ("3.2", [SO_CAP_TINH, HUYEN, VP], [VP], "Trước ngày 15/8/2022"),
            ("3.3", [VP], [SO_CAP_TINH, HUYEN], "Trước ngày 15/9/2022"),
            ("4.1", ["Các sở, ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã"], [VP], TX22),
            ("4.2", ["Các sở, ban, ngành và UBND cấp huyện, UBND cấp xã"], [VP], TX22),
            ("4.3", ["Các sở, ban, ngành và UBND cấp huyện, UBND cấp xã"], [VP], TX22),
            ("4.4", ["Các sở, ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã"], [VP], TXUAN22),
        ],
    ),
    (
        "III",
        "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        [
            (
                "1",
                [
                    "Trung tâm Phục vụ hành chính công",
                    "Trung tâm Hành chính công cấp huyện",
                    "Bộ phận Tiếp nhận và trả kết quả hiện đại cấp xã",
                ],
                ["Các sở, ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã"],
                TXUAN22,
            ),
            (
                "2",
                ["Văn phòng UBND tỉnh, các sở, ban, ngành cấp tỉnh và UBND cấp huyện, UBND cấp xã"],
                ["Các cơ quan, tổ chức liên quan"],
                TXUAN22,
            ),
            ("3", [SO_BAN_NGANH], [VP, TTTT, "UBND cấp huyện, UBND cấp xã"], TXUAN22),
            ("4", [SO_BAN_NGANH], [VP, TTTT, "UBND cấp huyện, UBND cấp xã"], TX22),
            ("5", [SO_BAN_NGANH, HUYEN, XA], [VP, TTTT], TX22),
        ],
    ),
    (
        "IV",
        "Thực hiện giải quyết TTHC trên môi trường điện tử",
        [
            ("1", ["Sở Tư pháp", HUYEN, XA], [VP, TTTT], TX22),
            ("2", [SO_BAN_NGANH], [TTTT, VP, HUYEN, XA], "Khi có yêu cầu của Sở Thông tin và Truyền thông"),
            ("3", [TTTT], [VP, CQCM_TT, HUYEN, XA_VA], "Quý I/2022"),
            ("4", [SO_BAN_NGANH, HUYEN, XA], [TTTT, VP, "Sở Nội vụ"], TX22),
            ("5", [SO_BAN_NGANH, HUYEN, XA], [VP, TTTT], TX22),
        ],
    ),
    (
        "V",
        "Nghiên cứu, đề xuất sáng kiến, giải pháp cải cách TTHC",
        [
            ("1", [SO_HUYEN_XA], [VP], TX22),
            ("2", [SO_HUYEN_XA], [VP], TX22),
            ("3", [VP], ["Các sở, ngành có liên quan"], "Năm 2022"),
        ],
    ),
    (
        "VI",
        "Công tác tuyên truyền và kiểm tra việc thực hiện hoạt động kiểm soát TTHC, thực hiện cơ chế một "
        "cửa, một cửa liên thông trong giải quyết TTHC, thực hiện giải quyết TTHC trên môi trường điện tử",
        [
            ("1", [VP, SO_HUYEN_XA], ["Các cơ quan báo chí Trung ương, địa phương"], TX22),
            ("2", [VP], [SO_HUYEN_XA], "Theo Kế hoạch"),
            ("3", [VP], [SO_HUYEN_XA], "Tháng 01/2022"),
            ("4", [VP], [SO_BAN_NGANH, "UBND cấp huyện và UBND cấp xã"], "Quý II, III"),
            ("5", [SO_BAN_NGANH, "UBND cấp huyện và UBND cấp xã"], [], "Theo Kế hoạch của đơn vị"),
            ("6", [VP], [SO_BAN_NGANH, "UBND cấp huyện và UBND cấp xã"], "Quý IV"),
        ],
    ),
    (
        "VII",
        "Nâng cao năng lực cán bộ thực hiện nhiệm vụ kiểm soát TTHC",
        [
            ("1", [VP, HUYEN], [SO_BAN_NGANH, "UBND cấp huyện, xã"], "Khi có thay đổi, thực hiện theo Quý"),
            (
                "2",
                [VP],
                ["Các sở, ban, ngành, UBND cấp huyện, UBND cấp xã"],
                "Theo yêu cầu và Kế hoạch của Văn phòng Chính phủ",
            ),
            ("3", [], ["Các sở, ban, ngành cấp tỉnh, UBND cấp huyện"], "6 tháng đầu năm và cuối năm 2022"),
        ],
    ),
    (
        "VIII",
        "Chế độ thông tin, báo cáo",
        [
            (
                "1",
                ["Sở, ban, ngành cấp tỉnh, UBND cấp huyện, cấp xã"],
                [VP],
                "- Báo cáo Quý I/2022; - Báo cáo Quý II/2022; - Báo cáo Quý III/2022; - Báo cáo Năm 2022.",
            ),
            ("2", [VP], [], ""),
            ("3", ["Sở, ban, ngành cấp tỉnh, UBND cấp huyện, cấp xã"], [], "Trong năm 2022"),
        ],
    ),
]

# The plan year 2022.
TIMEFRAMES_001 = {
    "Quý I/2022": ("2022-01-01", "2022-03-31", "once"),
    TX22: ("2022-01-01", "2022-12-31", "continuous"),
    TXUAN22: ("2022-01-01", "2022-12-31", "continuous"),
    "Tháng 12/2021; Trước 31/12/2021": ("2021-12-01", "2021-12-31", "once"),
    "Trước ngày 15/8/2022": (None, "2022-08-15", "once"),
    "Trước ngày 15/9/2022": (None, "2022-09-15", "once"),
    "Khi có yêu cầu của Sở Thông tin và Truyền thông": (None, None, "on_event"),
    "Năm 2022": ("2022-01-01", "2022-12-31", "once"),
    "Theo Kế hoạch": (None, None, "unspecified"),
    "Tháng 01/2022": ("2022-01-01", "2022-01-31", "once"),
    "Quý II, III": ("2022-04-01", "2022-09-30", "once"),
    "Theo Kế hoạch của đơn vị": (None, None, "unspecified"),
    "Quý IV": ("2022-10-01", "2022-12-31", "once"),
    "Khi có thay đổi, thực hiện theo Quý": (None, None, "on_event"),
    "Theo yêu cầu và Kế hoạch của Văn phòng Chính phủ": (None, None, "on_event"),
    "6 tháng đầu năm và cuối năm 2022": ("2022-01-01", "2022-12-31", "unspecified"),
    "- Báo cáo Quý I/2022; - Báo cáo Quý II/2022; - Báo cáo Quý III/2022; - Báo cáo Năm 2022.": (
        "2022-01-01",
        "2022-12-31",
        "quarterly",
    ),
    "": (None, None, "unspecified"),
    "Trong năm 2022": ("2022-01-01", "2022-12-31", "once"),
}
