"""Limits for reading untrusted files. The child process enforces them; tests may lower them."""

CPU_SECONDS = 30
MEMORY_BYTES = 512 * 1024 * 1024
WALL_SECONDS = 60
MAX_ZIP_ENTRIES = 1_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 2_000
# Enough for search and previews; a bigger text is cut here and the cut is recorded.
MAX_TEXT_CHARS = 2_000_000
# Previews are drawn while a reader waits for the page: a tighter bound than background reading.
PREVIEW_CPU_SECONDS = 10
PREVIEW_WALL_SECONDS = 20
