package org.jobplatform.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * One robot's outbox: what it must deliver, in the order it was written. An item leaves only when the gateway
 * accepted it ({@link #remove}). At most {@code memoryBound} items are held in memory:
 * <ul>
 * <li>with a journal (a data directory), every item is written to disk first and memory holds the oldest
 * undelivered ones, refilled from disk as they are delivered; nothing is dropped, disk space is the limit;</li>
 * <li>without one, a log line or queue item written when the bound is reached is dropped and counted; state reports
 * are always kept, since they are at most two per job and a lost final state would leave a job running forever in
 * the server's eyes.</li>
 * </ul>
 * Thread-safe: jobs write from any thread while the courier delivers.
 */
final class Outbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final String owner;
    private final int memoryBound;
    private final OutboxJournal journal;
    private final ArrayDeque<OutboxItem> memory = new ArrayDeque<>();
    /** The highest sequence number taken. */
    private long lastSeq;
    /** The highest sequence number in memory or delivered; with a journal, later items are on disk only. */
    private long lastLoaded;
    private boolean dropping;
    private boolean closed;

    private Outbox(String owner, int memoryBound, OutboxJournal journal) {
        this.owner = owner;
        this.memoryBound = memoryBound;
        this.journal = journal;
    }

    static Outbox inMemory(String owner, int memoryBound) {
        return new Outbox(owner, memoryBound, null);
    }

    /** An outbox kept in {@code dir}; what an earlier run left undelivered there is delivered first. */
    static Outbox journaled(String owner, int memoryBound, Path dir, JsonMapper json) {
        try {
            OutboxJournal journal = new OutboxJournal(dir, json);
            Outbox outbox = new Outbox(owner, memoryBound, journal);
            outbox.lastSeq = journal.lastSeq();
            outbox.lastLoaded = journal.acked();
            outbox.refill();
            if (outbox.size() > 0) {
                log.info("Robot {}: {} undelivered items from an earlier run will be delivered first", owner,
                        outbox.size());
            }
            return outbox;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outbox in " + dir, e);
        }
    }

    /** Takes an item; {@code false} if it was dropped (memory bound reached without a journal, or closed). */
    synchronized boolean add(OutboxItem draft) {
        if (closed) {
            return false;
        }
        OutboxItem item = draft.withSeq(lastSeq + 1);
        if (journal != null) {
            try {
                journal.append(item);
                lastSeq = item.seq();
                if (lastLoaded == item.seq() - 1 && memory.size() < memoryBound) {
                    memory.add(item);
                    lastLoaded = item.seq();
                }
                return true;
            } catch (IOException e) {
                // keep working from memory: the item is still delivered unless the agent stops before
                log.error("Robot {}: cannot write the outbox journal; keeping the item in memory only", owner, e);
            }
        }
        boolean room = memory.size() < memoryBound || draft.kind() == OutboxItem.Kind.STATE;
        if (!room || lastLoaded != lastSeq) {
            if (!dropping) {
                log.warn("Robot {}: outbox holds {} items, its memory bound; dropping new log lines until it drains",
                        owner, memory.size());
                dropping = true;
            }
            return false;
        }
        dropping = false;
        memory.add(item);
        lastSeq = item.seq();
        lastLoaded = item.seq();
        return true;
    }

    /**
     * The next call's items, without taking them: consecutive log lines and state reports up to the limits, or one
     * queue item. The gateway publishes a call's lines before its states, so a job's state still goes only after the
     * lines written before it.
     */
    synchronized List<OutboxItem> peekBatch(int maxLines, int maxBytes) {
        if (closed) {
            return List.of();
        }
        if (memory.isEmpty()) {
            refill();
        }
        OutboxItem first = memory.peekFirst();
        if (first == null) {
            return List.of();
        }
        if (first.kind() == OutboxItem.Kind.QUEUE) {
            return List.of(first);
        }
        List<OutboxItem> batch = new ArrayList<>();
        int bytes = 0;
        for (OutboxItem item : memory) {
            if (item.kind() == OutboxItem.Kind.QUEUE || batch.size() == maxLines
                    || (!batch.isEmpty() && bytes + item.estimatedBytes() > maxBytes)) {
                break;
            }
            batch.add(item);
            bytes += item.estimatedBytes();
        }
        return batch;
    }

    /** Removes a delivered (or rejected) batch, which must be the head of the outbox. */
    synchronized void remove(List<OutboxItem> batch) {
        if (closed || batch.isEmpty()) {
            // closed while the call was in flight: with a journal the items are delivered again by the next run
            return;
        }
        for (OutboxItem item : batch) {
            OutboxItem head = memory.peekFirst();
            if (head == null || head.seq() != item.seq()) {
                throw new IllegalStateException("outbox of " + owner + " changed under its courier");
            }
            memory.pollFirst();
        }
        if (journal != null) {
            try {
                journal.ack(batch.get(batch.size() - 1).seq());
            } catch (IOException e) {
                log.error("Robot {}: cannot record a delivery; its items may be sent again after a restart", owner, e);
            }
        }
        if (memory.size() <= memoryBound / 2) {
            refill();
        }
    }

    synchronized boolean isEmpty() {
        return memory.isEmpty() && lastLoaded >= lastSeq;
    }

    /** Undelivered items, in memory and on disk. */
    synchronized int size() {
        return (int) Math.min(Integer.MAX_VALUE, memory.size() + Math.max(0, lastSeq - lastLoaded));
    }

    synchronized int inMemory() {
        return memory.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.warn("Robot {}: cannot close the outbox journal", owner, e);
            }
        }
    }

    private void refill() {
        if (journal == null || lastLoaded >= lastSeq || memory.size() >= memoryBound) {
            return;
        }
        try {
            int wanted = memoryBound - memory.size();
            List<OutboxItem> items = journal.readAfter(lastLoaded, wanted);
            memory.addAll(items);
            // fewer items than asked means the journal holds no more (a torn line leaves a gap in the numbers)
            lastLoaded = items.size() < wanted ? lastSeq : items.get(items.size() - 1).seq();
        } catch (IOException e) {
            log.error("Robot {}: cannot read the outbox journal; will try again", owner, e);
        }
    }
}
