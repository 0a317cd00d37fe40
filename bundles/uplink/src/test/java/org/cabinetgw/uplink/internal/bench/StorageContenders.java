package org.cabinetgw.uplink.internal.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded stores the segmented log was measured against, each doing the same work: append a batch
 * of 1 KB records and make it durable (one commit + fsync per batch).
 */
final class StorageContenders {

    private StorageContenders() {
    }

    /** A store that appends a batch durably. */
    interface BatchStore extends AutoCloseable {
        void appendDurably(List<byte[]> records) throws Exception;
    }

    /** SQLite through xerial's sqlite-jdbc, WAL journal, synchronous=FULL: every commit is fsync'd. */
    static BatchStore sqlite(Path dir) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("queue.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY, priority INTEGER, topic TEXT, "
                    + "id TEXT, payload BLOB)");
        }
        c.setAutoCommit(false);
        PreparedStatement insert = c.prepareStatement("INSERT INTO queue (priority, topic, id, payload) VALUES (2, ?, ?, ?)");
        return new BatchStore() {
            long n;

            @Override
            public void appendDurably(List<byte[]> records) throws Exception {
                for (byte[] r : records) {
                    insert.setString(1, "bench/topic");
                    insert.setString(2, Long.toString(n++));
                    insert.setBytes(3, r);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            }

            @Override
            public void close() throws Exception {
                insert.close();
                c.close();
            }
        };
    }

    /** H2's MVStore: a map of sequence to record, commit then sync (fsync) per batch. */
    static BatchStore mvstore(Path dir) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("queue.mv").toString()).autoCommitDisabled().open();
        MVMap<Long, byte[]> map = store.openMap("queue");
        return new BatchStore() {
            long n;

            @Override
            public void appendDurably(List<byte[]> records) {
                for (byte[] r : records) {
                    map.put(n++, r);
                }
                store.commit();
                store.sync();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
