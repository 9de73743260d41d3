"""Rate-limit counters without Redis: one count for every process, kept across restarts."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from hub import counters as counters_module

ROOT = Path(__file__).resolve().parents[2]

# Counts `n` requests from one address in a process of its own, then prints the count it saw.
COUNT = """
import sys
import django

django.setup()
from django.test import RequestFactory
from django_ratelimit.core import get_usage

n, group = int(sys.argv[1]), sys.argv[2]
request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
usage = None
for _ in range(max(n, 1)):
    usage = get_usage(request, group=group, key="ip", rate="100000/d", increment=n > 0)
print(usage["count"])
"""


def _environment(database_url):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
    }


def _start(environment, n, group):
    return subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", COUNT, str(n), group],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process):
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return int(out.strip().splitlines()[-1])


def _database_urls(tmp_path):
    yield pytest.param(f"sqlite:///{tmp_path / 'counters.sqlite3'}", id="sqlite")
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        yield pytest.param(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            id="postgresql",
        )


@pytest.mark.django_db
def test_processes_share_one_count_that_outlives_them(tmp_path):
    for url in _database_urls(tmp_path):
        environment = _environment(url.values[0])
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "createcachetable"],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
        group = f"test.{uuid.uuid4().hex}"
        # Two processes counting at the same moment, as two web workers do.
        workers = [_start(environment, 40, group) for _ in range(2)]
        assert max(_finish(worker) for worker in workers) == 80, url.id
        # A later process (the site restarted) still sees every request counted.
        assert _finish(_start(environment, 0, group)) == 80, url.id


@pytest.mark.django_db
def test_a_count_is_one_statement_and_expires(settings, django_assert_max_num_queries):
    from django.core.cache import caches

    if "counters" not in settings.CACHES:
        pytest.skip("with Redis the counters are Redis's")
    counters = caches["counters"]
    key = f"test-{uuid.uuid4().hex}"
    with django_assert_max_num_queries(1):
        assert counters.add(key, 1, 60) is True
    with django_assert_max_num_queries(1):
        assert counters.add(key, 1, 60) is False  # an unexpired count is never reset
    with django_assert_max_num_queries(1):
        assert counters.incr(key) == 2
    assert counters.incr(key, 5) == 7
    with django_assert_max_num_queries(1):
        assert counters.get(key) == 7
    # An expired count is gone for get and incr, and add starts it again.
    past = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(seconds=5))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hub_counters SET expires = %s WHERE cache_key LIKE %s", [past, f"%{key}"]
        )
    assert counters.get(key) is None
    with pytest.raises(ValueError):
        counters.incr(key)
    # The worker's sweep takes expired counts out; a live one stays.
    counters.add(f"{key}-live", 1, 60)
    from hub import worker

    assert counters_module.delete_expired_counts in worker._sweeps
    counters_module.delete_expired_counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM hub_counters WHERE cache_key LIKE %s", [f"%{key}%"])
        assert [row[0].endswith("-live") for row in cursor.fetchall()] == [True]
    assert counters.add(key, 1, 60) is True
    assert counters.get(key) == 1
    # Anything that is not a whole number is kept as the database cache keeps it.
    counters.set(f"{key}-other", {"a": 1}, 60)
    assert counters.get(f"{key}-other") == {"a": 1}
    assert counters.get_many([key, f"{key}-other", "missing"]) == {key: 1, f"{key}-other": {"a": 1}}
