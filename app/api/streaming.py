"""A response body written by blocking code in one worker thread and sent as it is
written: the whole-list exports, whose size the dataset bounds, not a page.

The writer runs in a single thread (its database connection never changes threads) and
hands each chunk to the event loop through a small buffer, so a slow client holds back
the writer instead of the server holding the whole body. If the client goes away, the
writer's next chunk raises and the thread ends."""

from collections.abc import AsyncIterator, Callable

import anyio
import anyio.from_thread
import anyio.to_thread

Emit = Callable[[bytes], None]
# Chunks waiting for the client before the writer waits too.
_BUFFERED_CHUNKS = 4


async def stream_from_thread(write: Callable[[Emit], None]) -> AsyncIterator[bytes]:
    """The chunks `write(emit)` emits, in order, as it emits them."""
    send, receive = anyio.create_memory_object_stream[bytes](_BUFFERED_CHUNKS)

    def emit(chunk: bytes) -> None:
        if chunk:
            anyio.from_thread.run(send.send, chunk)

    async def produce() -> None:
        async with send:
            await anyio.to_thread.run_sync(write, emit)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(produce)
        async with receive:
            async for chunk in receive:
                yield chunk
