"""The task worker `make run` starts: django-tasks-db's worker, plus the upkeep in `hub.worker`."""

import threading

from django_tasks_db.management.commands import db_worker

from hub import worker


class Command(db_worker.Command):
    help = (
        "Run the database task worker. It also rescues tasks and documents left running by a "
        "worker that died: when it starts, then every --sweep-every seconds."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # An id that names this host, so sweeps on other hosts leave its tasks alone.
        parser.set_defaults(worker_id=worker.new_worker_id())
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=30.0,
            help="Seconds between two sweeps for lost work (default: %(default)s).",
        )

    def handle(self, *, sweep_every, **options):
        # The reloader would run this twice (parent and child), and is not for production.
        options["reload"] = False
        me = options["worker_id"]
        liveness = worker.Liveness(me)
        stop = threading.Event()

        def sweep_now_and_then():
            while True:
                liveness.touch()
                worker.sweep(me=me)
                if stop.wait(sweep_every):
                    return

        # A daemon thread with its own database connection, so sweeps run while a task does.
        threading.Thread(target=sweep_now_and_then, name="sweep", daemon=True).start()
        try:
            super().handle(**options)
        finally:
            stop.set()
            liveness.release()
