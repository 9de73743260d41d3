"""Write a .env for `make run` to standard output: a fresh secret key and demo password."""

import secrets
import sys

sys.stdout.write(f"SECRET_KEY={secrets.token_urlsafe(50)}\n")
sys.stdout.write(f"HUB_DEMO_PASSWORD=demo-{secrets.token_urlsafe(9)}\n")
