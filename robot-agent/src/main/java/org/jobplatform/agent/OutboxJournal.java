package org.jobplatform.agent;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An outbox on disk: every item is appended as one JSON line to a segment file of up to {@value #SEGMENT_ITEMS}
 * items, and the sequence number of the last delivered item is kept in the file {@code acked}, overwritten in place
 * (a fixed-width number, one write) at each delivery. Fully delivered segments are deleted, except the one being
 * written: it stays open until it is full or the journal is closed, so a robot that delivers as fast as it writes
 * does not create, rename and delete files at every call. A line is flushed to the operating system when written,
 * so it survives the agent being killed, but not a power loss (an fsync per log line would cost a disk flush per
 * line). A process killed in the middle of a line leaves a torn line; it is skipped, and the next run writes to a
 * new segment, never after it. A lock file keeps two agents from using the same outbox at once.
 */
final class OutboxJournal implements Closeable {

    static final int SEGMENT_ITEMS = 1000;

    private static final Logger log = LoggerFactory.getLogger(OutboxJournal.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final Path ackedFile;
    private final JsonMapper json;
    /** Segments by the sequence number of their first item. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    /** Segments whose torn line was reported already: a segment is read again at every refill. */
    private final Set<Path> tornReported = new HashSet<>();
    private long acked;
    private long lastSeq;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private BufferedWriter writer;
    private int writerItems;
    /** The {@code acked} file, open for writing once something was delivered. */
    private FileChannel ackedChannel;

    OutboxJournal(Path dir, JsonMapper json) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.ackedFile = dir.resolve("acked");
        this.json = json;
        this.lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            lockChannel.close();
            throw new IOException("the outbox " + dir + " is in use by another running robot agent");
        }
        this.lock = taken;
        try {
            load();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void load() throws IOException {
        this.acked = Files.exists(ackedFile) ? Long.parseLong(Files.readString(ackedFile).trim()) : 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                segments.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), file);
            }
        }
        lastSeq = acked;
        // the newest segments may hold nothing readable (a torn first line): they are dropped, so a new segment
        // with the same first sequence number starts clean
        while (!segments.isEmpty()) {
            Map.Entry<Long, Path> newest = segments.lastEntry();
            long max = 0;
            for (OutboxItem item : read(newest.getValue())) {
                max = Math.max(max, item.seq());
            }
            if (max > 0) {
                lastSeq = Math.max(acked, max);
                break;
            }
            Files.deleteIfExists(newest.getValue());
            segments.remove(newest.getKey());
        }
        deleteDelivered();
    }

    /** The sequence number of the last delivered item. */
    long acked() {
        return acked;
    }

    /** The highest sequence number written (or delivered, when nothing is left). */
    long lastSeq() {
        return lastSeq;
    }

    void append(OutboxItem item) throws IOException {
        if (writer == null || writerItems >= SEGMENT_ITEMS) {
            if (writer != null) {
                writer.close();
            }
            Path file = dir.resolve(String.format("%s%019d%s", PREFIX, item.seq(), SUFFIX));
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            segments.put(item.seq(), file);
            writerItems = 0;
        }
        writer.write(item.toJournalLine(json));
        writer.write('\n');
        writer.flush();
        writerItems++;
        lastSeq = Math.max(lastSeq, item.seq());
    }

    /** Up to {@code max} items after {@code seq}, in order. */
    List<OutboxItem> readAfter(long seq, int max) throws IOException {
        List<OutboxItem> items = new ArrayList<>();
        Long from = segments.floorKey(seq + 1);
        for (Path file : (from == null ? segments : segments.tailMap(from, true)).values()) {
            for (OutboxItem item : read(file)) {
                if (item.seq() > seq) {
                    items.add(item);
                    if (items.size() == max) {
                        return items;
                    }
                }
            }
        }
        return items;
    }

    /** Records that every item up to {@code seq} was delivered and deletes the segments that hold only those. */
    void ack(long seq) throws IOException {
        acked = seq;
        if (ackedChannel == null) {
            ackedChannel = FileChannel.open(ackedFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        // always the same width, so each write replaces the whole number (an older, shorter one included)
        ByteBuffer number = ByteBuffer.wrap(String.format("%019d", seq).getBytes(StandardCharsets.US_ASCII));
        while (number.hasRemaining()) {
            ackedChannel.write(number, number.position());
        }
        deleteDelivered();
    }

    @Override
    public void close() throws IOException {
        try {
            closeWriter();
            // the segment that was being written goes too if everything in it was delivered
            deleteDelivered();
            if (ackedChannel != null) {
                ackedChannel.close();
            }
        } finally {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        }
    }

    private void closeWriter() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    private void deleteDelivered() throws IOException {
        while (!segments.isEmpty()) {
            Map.Entry<Long, Path> oldest = segments.firstEntry();
            Long next = segments.higherKey(oldest.getKey());
            long lastInSegment = next == null ? lastSeq : next - 1;
            if (lastInSegment > acked) {
                return;
            }
            if (next == null) {
                if (writer != null && writerItems < SEGMENT_ITEMS) {
                    // the segment being written has room: it is kept and written on, not replaced by a new file
                    return;
                }
                // full, or left by an earlier run: the next item starts a new one
                closeWriter();
            }
            Files.deleteIfExists(oldest.getValue());
            segments.remove(oldest.getKey());
        }
    }

    private List<OutboxItem> read(Path file) throws IOException {
        List<OutboxItem> items = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    items.add(OutboxItem.fromJournalLine(json, line));
                } catch (JacksonException | IllegalArgumentException e) {
                    if (tornReported.add(file)) {
                        log.warn("Skipping a torn outbox line in {} (the agent was stopped while writing it): {}",
                                file, line);
                    }
                }
            }
        }
        return items;
    }
}
