from django.core.management.base import BaseCommand

from home.actions.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email the owners of actions due within a week, once per action and due date. "
        "Safe to run as often as you like (from cron, say daily)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} action reminder{'s' if sent != 1 else ''}.")
