"""Run one function over many batches: in this process, on local processes, or on Dask.

Every long stage (ingest, score, classify) cuts its input into batches and
calls :func:`map_batches`, which returns the results **in input order**
whatever the engine, so a stage writes the same bytes with 1 job, 8 jobs or
a Dask cluster.

A batch function takes a per-process *state* and one batch:
``function(state, batch)``. The state (a compiled lexicon, a loaded model) is
built once per worker process by ``setup(*setup_args)``, never once per
batch. Both must be module-level functions so worker processes can import
them.

- ``Engine(jobs=1)``: a plain loop in this process.
- ``Engine(jobs=N)``: ``N`` local processes (:class:`~concurrent.futures.ProcessPoolExecutor`).
  Where the ``fork`` start method exists (Linux) the workers inherit a state
  already built here, so nothing is compiled or copied again.
- ``Engine(kind="dask")``: a :class:`dask.distributed.LocalCluster` of ``jobs``
  one-thread worker processes, or the cluster at ``scheduler``
  (``tcp://host:8786``). Batches travel to the workers and results back to
  this process, which writes the output; the workers need ``framing``
  installed, not access to the files.

At most a few batches per worker are in flight, so memory is bounded by the
batch size, not the corpus.
"""

from __future__ import annotations

import multiprocessing
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from framing.collector import objects_frozen

Item = TypeVar("Item")
Result = TypeVar("Result")
EngineKind = Literal["local", "dask"]
ENGINE_KINDS: tuple[str, ...] = ("local", "dask")
DEFAULT_BATCH_SIZE = 10_000  # passages per batch: ~6 MB of text, a Parquet row group of output
IN_FLIGHT_PER_WORKER = 2

# Worker-side states by token; a long-lived Dask worker keeps only the latest few.
_STATES: OrderedDict[str, Any] = OrderedDict()
_STATES_KEPT = 2
_STATES_LOCK = threading.Lock()


@dataclass(frozen=True)
class Engine:
    """Where the batches of a stage run.

    Parameters
    ----------
    kind:
        ``local`` (this machine) or ``dask``.
    jobs:
        Local processes (``local``), or workers of the local Dask cluster
        started when no ``scheduler`` is given. ``1`` with ``local`` runs
        everything in this process.
    scheduler:
        Address of a running Dask scheduler (``tcp://host:8786``); ``dask`` only.

    Examples
    --------
    >>> Engine(jobs=4)
    Engine(kind='local', jobs=4, scheduler=None)
    >>> Engine(jobs=1).is_serial
    True
    """

    kind: EngineKind = "local"
    jobs: int = 1
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ENGINE_KINDS:
            raise ValueError(f"engine must be one of {', '.join(ENGINE_KINDS)}, not {self.kind!r}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        if self.scheduler and self.kind != "dask":
            raise ValueError("a scheduler address needs the dask engine")

    @property
    def is_serial(self) -> bool:
        """True when everything runs in this process."""
        return self.kind == "local" and self.jobs == 1

    def for_batches(self, n_batches: int) -> Engine:
        """This engine for ``n_batches`` batches: no more local processes than batches.

        Starting processes for a single batch only costs time.

        >>> Engine(jobs=8).for_batches(3)
        Engine(kind='local', jobs=3, scheduler=None)
        """
        if self.kind != "local":
            return self
        return Engine(jobs=max(1, min(self.jobs, n_batches)))

    def describe(self) -> str:
        """A short description for messages: ``2 local processes``, ``dask at tcp://...``."""
        if self.is_serial:
            return "1 process"
        if self.kind == "local":
            return f"{self.jobs} local processes"
        if self.scheduler:
            return f"dask at {self.scheduler}"
        return f"a local dask cluster of {self.jobs}"


def map_batches(
    function: Callable[[Any, Item], Result],
    batches: Iterable[Item],
    *,
    engine: Engine | None = None,
    setup: Callable[..., Any] | None = None,
    setup_args: tuple[Any, ...] = (),
    state: Any = None,
) -> Iterator[Result]:
    """``function(state, batch)`` for every batch, yielded in the order of ``batches``.

    Parameters
    ----------
    function:
        A module-level function of ``(state, batch)``.
    batches:
        Any iterable; it is consumed lazily, a few batches ahead of the results.
    engine:
        :class:`Engine`; default one process.
    setup, setup_args:
        ``setup(*setup_args)`` builds the state, once per worker process.
    state:
        A state already built in this process: used as is in this process
        and by forked local workers; other workers call ``setup``.

    Examples
    --------
    >>> list(map_batches(_scaled, [[1, 2], [3]], setup=int, setup_args=("10",)))
    [[10, 20], [30]]
    """
    engine = engine or Engine()
    if state is None and setup is None:
        raise ValueError("give a setup function or a state")
    if engine.is_serial:
        return _map_serial(function, batches, state if state is not None else setup(*setup_args))
    if engine.kind == "local":
        return _map_local(function, batches, engine.jobs, setup, setup_args, state)
    return _map_dask(function, batches, engine, setup, setup_args)


def _scaled(state: int, batch: list[int]) -> list[int]:
    """The docstring example's batch function."""
    return [state * value for value in batch]


def _map_serial(function: Callable, batches: Iterable, state: Any) -> Iterator:
    for batch in batches:
        yield function(state, batch)


# --- local processes --------------------------------------------------------------------


def _map_local(
    function: Callable,
    batches: Iterable,
    jobs: int,
    setup: Callable | None,
    setup_args: tuple,
    state: Any,
) -> Iterator:
    """``jobs`` worker processes; this one reads the batches, hands them out and keeps order.

    Its own work (reading input, writing output) runs beside the workers'; on
    2 cores, 2 workers and this process sharing them were faster than 1 worker
    and this process also taking batches (measured on ``framing score``).
    """
    token = uuid.uuid4().hex
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else "spawn")
    if state is not None and forking:
        _STATES[token] = state  # inherited by the forked workers: nothing to rebuild
    elif setup is None:
        raise ValueError("without fork, worker processes need a setup function")
    try:
        with (
            _forking(),
            ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=context,
                initializer=_initialize,
                initargs=(token, setup, setup_args),
            ) as pool,
        ):
            yield from _in_order(
                lambda batch: pool.submit(_run_local, token, function, batch),
                batches,
                jobs * IN_FLIGHT_PER_WORKER,
                Future.result,
            )
    finally:
        _STATES.pop(token, None)


@contextmanager
def _forking() -> Iterator[None]:
    """Keep forked workers and this process from copying each other's memory while the
    workers run (around their whole life).

    They share this process's pages until one writes to a page: then it is
    copied. The garbage collector would write to every object it visits, so the
    objects that exist now (a map's state above all) are frozen out of its
    reach. Arrow's memory pool gives back what it holds unused: its pages would
    otherwise be shared, and this process copied each one as it wrote tables
    into it again (a first read of a Parquet file after the fork took four to
    seven times as long).
    """
    import pyarrow as pa  # here: the command line starts without it

    with objects_frozen():
        pa.default_memory_pool().release_unused()
        yield


def _initialize(token: str, setup: Callable | None, setup_args: tuple) -> None:
    if token not in _STATES:
        _STATES[token] = setup(*setup_args)


def _run_local(token: str, function: Callable, batch: Any) -> Any:
    return function(_STATES[token], batch)


def _in_order(
    submit: Callable[[Any], Any], batches: Iterable, window: int, result: Callable[[Any], Any]
) -> Iterator:
    """Keep ``window`` batches submitted; yield their results first in, first out."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        while pending and (len(pending) >= window or pending[0].done()):
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


# --- workers kept for several passes ---------------------------------------------------------


class Workers:
    """Workers kept for several maps, each task pinned to a worker by its position.

    A stage that passes over the same pieces of work twice (ingestion reads
    every file, then cleans it) can keep what a worker made for a piece in
    the first map and find it there in the second: task ``k`` of every map
    runs on local worker ``k % jobs``. Results come in task order, as with
    :func:`map_batches`. ``map(function, tasks, state)`` calls
    ``function(state, task)``; the state reaches each worker once per map
    (inherited by forked workers for the first map, sent for the others).
    With one job everything runs in this process; with Dask, one client
    serves all maps and task ``k`` goes to the same worker of the cluster by
    preference (the scheduler may still run it elsewhere: a task must work
    wherever it runs).

    Examples
    --------
    >>> with Workers(Engine()) as workers:
    ...     list(workers.map(_scaled, [[1, 2], [3]], 10))
    [[10, 20], [30]]
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._stack = ExitStack()
        self._pools: list[ProcessPoolExecutor] = []
        self._client: Any = None
        self._addresses: list[str] = []
        self._tokens: list[str] = []

    @property
    def local(self) -> bool:
        """Whether the tasks run on local processes (not in this one, not on Dask)."""
        return self.engine.kind == "local" and not self.engine.is_serial

    @property
    def forks(self) -> bool:
        """Whether the workers are forked from this process at the first map: what this
        process holds then, they have too."""
        return self.local and "fork" in multiprocessing.get_all_start_methods()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._stack.close()
        finally:
            for token in self._tokens:
                _STATES.pop(token, None)

    def map(
        self,
        function: Callable[[Any, Item], Result],
        tasks: Iterable[Item],
        state: Any,
        pin: Callable[[Item], int] | None = None,
    ) -> Iterator[Result]:
        """``function(state, task)`` for every task, yielded in task order.

        ``pin(task)``: the number whose remainder by ``jobs`` chooses the local
        worker (default: the task's position).
        """
        if self.engine.is_serial:
            return _map_serial(function, tasks, state)
        if self.engine.kind == "dask":
            return self._map_dask(function, tasks, state, pin)
        return self._map_pinned(function, tasks, state, pin)

    def _map_pinned(
        self, function: Callable, tasks: Iterable, state: Any, pin: Callable | None
    ) -> Iterator:
        token = uuid.uuid4().hex
        self._tokens.append(token)
        jobs = self.engine.jobs
        if not self._pools:
            self._start(token, state)
        else:
            for pool in self._pools:  # a worker runs its tasks in order: installed first
                pool.submit(_install, token, state)
        numbered = _numbered(tasks, pin)
        yield from _in_order(
            lambda item: self._pools[item[0] % jobs].submit(_run_local, token, function, item[1]),
            numbered,
            jobs * IN_FLIGHT_PER_WORKER,
            Future.result,
        )

    def _start(self, token: str, state: Any) -> None:
        forking = self.forks
        context = multiprocessing.get_context("fork" if forking else "spawn")
        if forking:
            _STATES[token] = state  # inherited by the forked workers
        self._stack.enter_context(_forking())  # closed after the pools below
        for _ in range(self.engine.jobs):
            pool = self._stack.enter_context(ProcessPoolExecutor(max_workers=1, mp_context=context))
            self._pools.append(pool)
            if not forking:
                pool.submit(_install, token, state)

    def _map_dask(
        self, function: Callable, tasks: Iterable, state: Any, pin: Callable | None
    ) -> Iterator:
        if self._client is None:
            self._client = self._stack.enter_context(dask_client(self.engine))
            # The workers as they are now, for every map: task k prefers the same one each
            # time (it may run elsewhere if that worker is gone or busy elsewhere).
            self._addresses = sorted(self._client.scheduler_info()["workers"])
        numbered = _numbered(tasks, pin)
        yield from _map_on_client(
            self._client, function, numbered, _same_state, (state,), self._addresses
        )


def _numbered(tasks: Iterable, pin: Callable | None) -> Iterator[tuple[int, Any]]:
    """``(number, task)``: the number choosing a task's worker (its position, or ``pin``)."""
    return ((number if pin is None else pin(task), task) for number, task in enumerate(tasks))


def _install(token: str, state: Any) -> None:
    _STATES[token] = state


def _same_state(state: Any) -> Any:
    return state


# --- dask -----------------------------------------------------------------------------------


def _map_dask(
    function: Callable,
    batches: Iterable,
    engine: Engine,
    setup: Callable | None,
    setup_args: tuple,
) -> Iterator:
    if setup is None:
        raise ValueError("dask workers need a setup function")
    with dask_client(engine) as client:
        yield from _map_on_client(client, function, batches, setup, setup_args)


def _map_on_client(
    client: Any,
    function: Callable,
    batches: Iterable,
    setup: Callable,
    setup_args: tuple,
    addresses: list[str] | None = None,
) -> Iterator:
    """The batches on a Dask client; with ``addresses``, batches are ``(number, batch)``
    pairs, each sent to worker ``addresses[number % len(addresses)]`` by preference."""
    token = uuid.uuid4().hex
    [args] = client.scatter([setup_args], broadcast=True, hash=False)
    workers = max(1, sum(client.nthreads().values()))

    def submit(batch: Any) -> Any:
        where: dict[str, Any] = {}
        if addresses:
            number, batch = batch
            where = {"workers": [addresses[number % len(addresses)]]}
        [data] = client.scatter([batch], hash=False, **where)
        if where:
            where["allow_other_workers"] = True
        return client.submit(_run_dask, token, setup, args, function, data, pure=False, **where)

    def result(future: Any) -> Any:
        value = future.result()
        future.release()
        return value

    yield from _in_order(submit, batches, workers * IN_FLIGHT_PER_WORKER, result)


@contextmanager
def dask_client(engine: Engine) -> Iterator[Any]:
    """A :class:`dask.distributed.Client` for ``engine``; a local cluster it starts is closed after.

    Examples
    --------
    >>> with dask_client(Engine("dask", jobs=2)) as client:  # doctest: +SKIP
    ...     print(len(client.nthreads()))
    2
    """
    import logging

    from dask.distributed import Client, LocalCluster

    with ExitStack() as stack:
        if engine.scheduler:
            yield stack.enter_context(Client(engine.scheduler))
            return
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=engine.jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        )
        yield stack.enter_context(Client(cluster))


def _run_dask(
    token: str, setup: Callable, setup_args: tuple, function: Callable, batch: Any
) -> Any:
    with _STATES_LOCK:  # a worker with several threads builds the state once
        if token not in _STATES:
            _STATES[token] = setup(*setup_args)
            while len(_STATES) > _STATES_KEPT:
                _STATES.popitem(last=False)
        state = _STATES[token]
    return function(state, batch)
