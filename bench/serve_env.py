"""Print, as shell ``export`` lines, the environment the pages bench serves the site with
(production settings, DEBUG off, the bench's demo database and collected static files), after
preparing that database and the static files. Used by ``bench/side_by_side.sh``.

    python -m bench.serve_env
"""

import shlex

from bench import pages

# What the served site needs from the environment; the rest of os.environ is left as it is.
KEYS = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SECRET_KEY",
    "HUB_DEMO_PASSWORD",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "EMAIL_ALLOW_CONSOLE",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
)


def main() -> None:
    pages.CORPUS.mkdir(parents=True, exist_ok=True)
    environment = {
        **pages.child_environment(pages.credentials()),
        # Production settings plus the bare bench view at /bench/ok/ (bench/urls.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    pages.prepare(environment)  # migrate, demo content, collectstatic (quick when done)
    for key in KEYS:
        print(f"export {key}={shlex.quote(environment[key])}")


if __name__ == "__main__":
    main()
