package org.cabinetgw.uplink.internal.aggregate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.cabinetgw.support.internal.data.DurableFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A random id made once per data directory and kept there: part of every aggregate's id, so the same
 * gateway makes the same id for the same window after a restart, and two gateways never make the same.
 */
public final class InstanceId {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceId.class);

    private InstanceId() {
    }

    /** Reads the id from {@code file}, or makes a new one and stores it (fsync'd) when absent or unreadable. */
    public static String loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.matches("[0-9a-f]{32}")) {
                return text;
            }
            LOG.warn("Uplink instance id in {} is damaged; making a new one (aggregates of a window already sent "
                    + "before may arrive again under new ids)", file);
        }
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        DurableFile.replace(file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
        return id;
    }
}
