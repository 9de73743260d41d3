from django.core.management.base import BaseCommand

from discussions.notifications import send_digests


class Command(BaseCommand):
    help = (
        "Email each follower of a tag the new threads in their tags this week. Meant for cron; "
        "running it again in the same week sends nothing to anyone who already had theirs."
    )

    def handle(self, *args, **options):
        counts = send_digests()
        self.stdout.write(
            f"Digests sent: {counts['sent']}, nothing new: {counts['empty']}, "
            f"failed: {counts['failed']}."
        )
