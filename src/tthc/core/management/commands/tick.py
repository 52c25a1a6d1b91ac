"""``tthc tick [--only NAME ...] [--at ISO] [--schedule]``: run the periodic sweep (late marks, reminders,
resends), or with ``--schedule`` start it in the background (the task worker runs it every few minutes)."""

from django.core.management.base import BaseCommand, CommandError

from tthc.core.tasks import start_sweep
from tthc.core.ticks import run_ticks, tick_names


def parse_at(text):
    from tthc.workcalendar.management.commands.calendar import parse_instant

    return parse_instant(text) if text else None


class Command(BaseCommand):
    help = "Chạy quét định kỳ: đánh dấu quá hạn, nhắc hạn, gửi lại thông báo lỗi."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", metavar="NAME", help=f"Chỉ chạy: {', '.join(tick_names())}")
        parser.add_argument("--at", help="Thời điểm chạy (ISO 8601), mặc định là bây giờ")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Đặt lịch quét chạy nền (tthc db_worker), tự lặp lại; không chạy ngay",
        )

    def handle(self, *args, only=None, at=None, schedule=False, **options):
        unknown = sorted(set(only or []) - set(tick_names()))
        if unknown:
            raise CommandError(
                f"Không có tác vụ định kỳ tên {unknown[0]}. Có: {', '.join(tick_names())}", returncode=2
            )
        if schedule:
            self.stdout.write(start_sweep(only=only))
            return
        results = run_ticks(now=parse_at(at), only=only)
        for name, counts in results.items():
            summary = ", ".join(f"{k}={v}" for k, v in counts.items()) or "không có gì"
            self.stdout.write(f"{name}: {summary}")
