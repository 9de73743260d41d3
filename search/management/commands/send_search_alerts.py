from django.core.management.base import BaseCommand

from search.alerts import send_alerts
from search.models import SavedSearch


class Command(BaseCommand):
    help = (
        "Email each member what is new in their saved searches, decided now against what each "
        "may see. Meant for cron; running it again in the same day (daily) or week (weekly) "
        "sends nothing to anyone who already had theirs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[SavedSearch.Frequency.DAILY, SavedSearch.Frequency.WEEKLY],
            action="append",
            help="Which saved searches to send (default: both).",
        )

    def handle(self, *args, frequency=None, **options):
        for chosen in frequency or [SavedSearch.Frequency.DAILY, SavedSearch.Frequency.WEEKLY]:
            counts = send_alerts(frequency=chosen)
            self.stdout.write(
                f"{chosen.capitalize()} alerts sent: {counts['sent']}, nothing new: "
                f"{counts['empty']}, failed: {counts['failed']}."
            )
