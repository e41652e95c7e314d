"""A Redis cache that survives Redis being down.

Django's RedisCache raises on every call when Redis is unreachable, and the cache sits under the login (allauth's
rate limits), the password reset and the one-time tokens of the budget forms: a Redis outage was a site-wide 500.
This backend catches connection errors and timeouts and answers from a per-process memory cache instead:

- not a plain miss/no-op: the rate limits keep counting (per process) and a double-posted form is still caught,
  where a no-op would switch both off for as long as Redis is down;
- a circuit breaker: after a failure Redis is left alone for RETRY_SECONDS, so a request pays at most one short
  socket timeout (set them in OPTIONS, see settings) per period, never one per cache call;
- one warning in the log per WARN_SECONDS, not one per call.

What was written to the local memory during the outage is not copied to Redis when it comes back, and it lives
at most FALLBACK_MAX_SECONDS: each process has its own memory, so what one process deletes (a session at logout)
another may still hold; the cap bounds that window to a minute of an outage.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
FALLBACK_MAX_SECONDS = 60
WARN_SECONDS = 60
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Breaker:
    """Shared by the cache instances of one location (Django makes one instance per thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.warned_at = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self, location, error) -> None:
        now = time.monotonic()
        with self.lock:
            self.down_until = now + RETRY_SECONDS
            warn = now - self.warned_at >= WARN_SECONDS or not self.warned_at
            if warn:
                self.warned_at = now
        if warn:
            logger.warning(
                "Redis cache %s unreachable (%s): using the per-process memory cache meanwhile.", location, error
            )


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str) -> _Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker())


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call (a quarter of a millisecond each, mostly
    filling its table of response callbacks); one per connection pool is enough, as redis-py clients are
    thread-safe and draw their connections from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)
        self._breaker = _breaker_for(self._location)
        local = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params}
        self._fallback = LocMemCache(f"redis-fallback:{self._location}", local)

    def _call(self, name, *args, **kwargs):
        if not self._breaker.is_open():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._breaker.trip(self._location, error)
        if name in _TIMEOUT_POSITION:
            args, kwargs = self._capped(name, args, kwargs)
        return getattr(self._fallback, name)(*args, **kwargs)

    def _capped(self, name, args, kwargs):
        """The call's arguments with its timeout cut to FALLBACK_MAX_SECONDS."""
        position = _TIMEOUT_POSITION[name]
        args = list(args)
        timeout = args[position] if len(args) > position else kwargs.get("timeout", DEFAULT_TIMEOUT)
        if timeout is DEFAULT_TIMEOUT:
            timeout = self._fallback.default_timeout
        capped = FALLBACK_MAX_SECONDS if timeout is None else max(0, min(timeout, FALLBACK_MAX_SECONDS))
        if len(args) > position:
            args[position] = capped
        else:
            kwargs = {**kwargs, "timeout": capped}
        return args, kwargs


# Where each writing operation takes its timeout (Django's cache API): (key, value, timeout), (data, timeout)…
_TIMEOUT_POSITION = {"set": 2, "add": 2, "touch": 1, "set_many": 1}


def _delegating(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


# Every cache operation tries Redis first, then the local fallback (see `_call`).
for _operation in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(ResilientRedisCache, _operation, _delegating(_operation))
