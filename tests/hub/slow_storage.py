"""A file system storage that reads slowly: HUB_TEST_READ_DELAY seconds per read call."""

import io
import os
import time

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join


class _SlowReader(io.BufferedReader):
    def read(self, size=-1):
        time.sleep(float(os.environ.get("HUB_TEST_READ_DELAY", "0")))
        return super().read(size)


class SlowReadStorage(FileSystemStorage):
    def path(self, name):
        # As remote storage does: readers must then copy the file through open().
        raise NotImplementedError("This storage has no local paths.")

    def _open(self, name, mode="rb"):
        if "r" not in mode or "+" in mode:
            raise ValueError("This storage only reads.")
        return File(_SlowReader(io.FileIO(safe_join(self.location, name), "rb")))
