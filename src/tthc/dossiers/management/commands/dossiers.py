"""``tthc dossiers tick [--at ISO] [--schedule]``: the dossiers' periodic sweep (late marks, warnings,
apologies, late consultations).

``--schedule`` runs nothing now: it starts the background sweep (``tthc.core.tasks``), which the task worker
(``tthc db_worker``) runs and which re-enqueues itself every ``TTHC_TICK_INTERVAL_SECONDS``; it does nothing
when a run is already waiting, so it is safe to call on every deployment.
"""

from django.core.management.base import BaseCommand

from tthc.core.management.commands.tick import parse_at
from tthc.core.tasks import start_sweep
from tthc.core.ticks import run_ticks


class Command(BaseCommand):
    help = "Hồ sơ một cửa: quét định kỳ (đánh dấu quá hạn, cảnh báo sắp đến hạn, đề nghị xin lỗi)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{tick}")
        actions.required = True
        tick = actions.add_parser("tick", help="Quét hồ sơ quá hạn, sắp đến hạn")
        tick.add_argument("--at", help="Thời điểm chạy (ISO 8601), mặc định là bây giờ")
        tick.add_argument(
            "--schedule",
            action="store_true",
            help="Đặt lịch quét chạy nền (tthc db_worker), tự lặp lại; không chạy ngay",
        )

    def handle(self, *args, action, at=None, schedule=False, **options):
        if schedule:
            self.stdout.write(start_sweep(only=["dossiers"]))
            return
        counts = run_ticks(now=parse_at(at), only=["dossiers"])["dossiers"]
        self.stdout.write(
            f"Quá hạn mới: {counts['late']}; cảnh báo sắp đến hạn: {counts['warned']}; "
            f"đề nghị xin lỗi: {counts['apology_proposed']}; "
            f"xin ý kiến quá hạn: {counts['consultations_late']}"
        )
