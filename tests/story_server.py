"""A real `newsfuse` HTTP server on fake models, for the story tests' kill -9: run as
``python -m tests.story_server PORT DATABASE_URL STALL_AFTER``. The fuser answers its first
``STALL_AFTER`` calls (the warm-up is the first) at once and then hangs, so a test can kill
the process in the middle of a recompute; 0 never hangs."""

from __future__ import annotations

import sys
import time

import uvicorn

from models.generation.base import GenerationRequest, GenerationResult
from service.app import create_app
from tests.fakes import EchoFuser
from tests.service_helpers import backend, settings


class StallingFuser(EchoFuser):
    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after
        self.calls = 0

    def fuse(self, request: GenerationRequest) -> GenerationResult:
        self.calls += 1
        if self.after and self.calls > self.after:
            time.sleep(3600)
        return super().fuse(request)


def main() -> None:
    port, url, after = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    app = create_app(
        settings(database_url=url, story_lease_s=1.0, story_poll_s=0.1, api_keys="k1"),
        backend(StallingFuser(after)),
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
