from tthc.core.ticks import register_tick
from tthc.notifications.services import retry_failed


@register_tick("notifications")
def resend_failed_messages(*, now):
    return {"sent": retry_failed(now=now)}
