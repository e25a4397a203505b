"""Django's PostgreSQL backend, whose health check skips a connection that answered moments ago.

With `CONN_HEALTH_CHECKS`, Django checks a kept connection with its own `SELECT 1` round trip at
the first query of every request, so that a connection PostgreSQL dropped (a restart, a
fail-over, a pooler's timeout) is replaced instead of failing the request. On the day most
requests are polls that run one query, and that check was a second round trip for each of them
(bench/load: an unchanged poll 8% faster without it). This backend skips the check when the
connection last served a request without error less than `RECENTLY_SECONDS` ago: a connection
dropped within that second fails at most the one request that finds it, as without health
checks; one idle longer is checked as Django does (ADR 0020).
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

# Connections that worked this recently are not checked again before the next request's query.
RECENTLY_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    """PostgreSQL, with its health check skipped for a connection that just served a request."""

    served_at: float | None = None
    health_check_done: bool

    def close_if_unusable_or_obsolete(self) -> None:
        # Called as a request starts and as it ends. Django marks the health check done once a
        # query has run (or the connection was opened, or checked): when it is marked done here
        # without errors, the connection has served queries since the last call, and worked.
        served = self.connection is not None and self.health_check_done and not self.errors_occurred
        super().close_if_unusable_or_obsolete()
        if self.connection is None:
            self.served_at = None
        elif served:
            self.served_at = time.monotonic()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.health_check_done
            and self.served_at is not None
            and time.monotonic() - self.served_at < RECENTLY_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
