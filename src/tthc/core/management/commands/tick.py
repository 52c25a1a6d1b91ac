"""``tthc tick [--only NAME ...] [--at ISO]``: run the periodic sweep (late marks, reminders, resends)."""

from django.core.management.base import BaseCommand, CommandError

from tthc.core.ticks import run_ticks, tick_names


def parse_at(text):
    from tthc.workcalendar.management.commands.calendar import parse_instant

    return parse_instant(text) if text else None


class Command(BaseCommand):
    help = "Chạy quét định kỳ: đánh dấu quá hạn, nhắc hạn, gửi lại thông báo lỗi."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", metavar="NAME", help=f"Chỉ chạy: {', '.join(tick_names())}")
        parser.add_argument("--at", help="Thời điểm chạy (ISO 8601), mặc định là bây giờ")

    def handle(self, *args, only=None, at=None, **options):
        try:
            results = run_ticks(now=parse_at(at), only=only)
        except KeyError as exc:
            raise CommandError(
                f"Không có tác vụ định kỳ tên {exc.args[0]}. Có: {', '.join(tick_names())}", returncode=2
            ) from exc
        for name, counts in results.items():
            summary = ", ".join(f"{k}={v}" for k, v in counts.items()) or "không có gì"
            self.stdout.write(f"{name}: {summary}")
