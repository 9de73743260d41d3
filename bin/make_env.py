"""Print a .env for `make run`: a fresh secret key and demo password."""
