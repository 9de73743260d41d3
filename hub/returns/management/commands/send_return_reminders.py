from django.core.management.base import BaseCommand

from hub.returns.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email trailblazer sites that have not sent a return: a week and a day before it is "
        "due and the day after. Each reminder goes once; run it as often as you like (daily)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} return reminder{'s' if sent != 1 else ''}.")
