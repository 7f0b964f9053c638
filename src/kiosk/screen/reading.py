"""Reading schedules off the UI thread, so the screen never freezes while a file is read.

A 1 MiB schedule.yaml takes the reader about half a second, a 20 MiB conference export
several seconds: on the UI thread that would stop the clock, the card fades and the
window's repaints for that long. The sources hand the reading to one worker thread and get
the outcome back in the UI thread, where everything that touches Qt happens.

Qt objects must live and die in the UI thread, so nothing the worker holds may refer to
one: a job is a pure function of plain values (bytes, paths, a snapshot of the imported
programmes), its outcome goes through a plain queue, and the UI thread, which keeps the
job's continuation, collects it with a timer that runs only while jobs are pending. And
since Python's cyclic garbage collector runs in whichever thread happens to allocate (and
a Qt object it finalized in the worker would make Qt abort), automatic collection is off
while a worker exists; the UI thread collects every COLLECT_MS instead, cheaply.
"""

from __future__ import annotations

import gc
import itertools
import logging
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

from kiosk.i18n import _
from kiosk.notices import Rejection

T = TypeVar("T")
log = logging.getLogger("kiosk")

COLLECT_MS = 5000
"""How often the UI thread collects the young garbage while automatic collection is off
(what the automatic collector would do after some thousands of new objects)."""
FULL_EVERY = 120
"""Every this many collections (ten minutes) one goes through everything; the objects of
the start (modules, widgets, the schedule read then) are frozen out of even those."""
DRAIN_MS = 15
"""How often the UI thread looks for finished jobs while some are pending."""

_workers: set[int] = set()
"""The Readings not stopped yet (by id): automatic garbage collection is off while there
are any."""


class NotFollowed(Exception):
    """An imported programme the worker cannot give: it is not followed yet, and only the
    UI thread can start following it (timers, watchers, requests). Read again after."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def failed(error: Exception, name: str, where: str) -> Rejection:
    """What the screen says when reading a version failed in a way no reader foresaw (a
    mistake in kiosk, not in the file): the version is refused like an invalid one, so the
    last good programme stays and staff see one line; the log keeps the traceback."""
    log.error("reading %s failed: %s: %s", where, type(error).__name__, error)
    log.debug("what failed reading %s", where, exc_info=error)
    what = f"{type(error).__name__}: {error}"[:200]
    return Rejection(name, _("kiosk cannot read this version ({error}); the log says more",
                             error=what))


class Outcome(Generic[T]):
    """What a job gave: its value, or the exception it raised."""

    def __init__(self, value: T | None = None, error: BaseException | None = None) -> None:
        self.value = value
        self.error = error

    def get(self) -> T:
        """The value; raises what the job raised."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class Reading(QObject):
    """One worker thread for jobs; each outcome is handed over in the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-reading")
        self._finished: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._waiting: dict[int, tuple[Callable[[Outcome[object]], object], Future[object]]] = {}
        self._jobs = itertools.count()
        self._stopped = False
        self._drain = QTimer(self)
        self._drain.setInterval(DRAIN_MS)
        self._drain.timeout.connect(self._deliver)
        self._collect = QTimer(self)
        self._collect.setInterval(COLLECT_MS)
        self._collect.timeout.connect(self._collect_garbage)
        self._collect.start()
        self._collections = 0
        if not _workers:  # the first: what exists now is the screen's own, for good
            gc.collect()
            gc.freeze()
        gc.disable()
        _workers.add(id(self))
        key = id(self)
        self.destroyed.connect(lambda *_: _released(key))  # deleted without a stop()

    def submit(self, work: Callable[[], T], then: Callable[[Outcome[T]], object]) -> None:
        """Run ``work`` (a pure function: it must hold no Qt object) in the worker thread;
        call ``then`` with its outcome in this one."""
        if self._stopped:
            return
        job = next(self._jobs)
        finished = self._finished  # the worker's callback holds the queue and the job only
        future = self._pool.submit(work)
        self._waiting[job] = (then, future)  # type: ignore[assignment]
        future.add_done_callback(lambda _done: finished.put(job))
        self._drain.start()

    def stop(self) -> None:
        """Hand over nothing more; a job under way finishes on its own."""
        if self._stopped:
            return
        self._stopped = True
        self._drain.stop()
        self._collect.stop()
        self._waiting.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        _released(id(self))

    def _collect_garbage(self) -> None:
        self._collections += 1
        gc.collect(2 if self._collections % FULL_EVERY == 0 else 1)

    def _deliver(self) -> None:
        while not self._finished.empty():
            job = self._finished.get()
            waiting = self._waiting.pop(job, None)
            if waiting is None:
                continue
            then, future = waiting
            if future.cancelled():
                continue
            error = future.exception()
            then(Outcome(error=error) if error is not None else Outcome(future.result()))
        if not self._waiting:
            self._drain.stop()


def _released(key: int) -> None:
    """A Reading stopped (or was deleted before it was): collection is automatic again
    once none is left."""
    if key in _workers:
        _workers.discard(key)
        if not _workers:
            gc.enable()
