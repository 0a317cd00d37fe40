package org.cabinetgw.uplink.internal.kura;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the machine says about itself, for the birth certificate: DMI (x86: {@code /sys/class/dmi/id}), the device
 * tree (ARM boards: {@code /proc/device-tree}), {@code /proc/cpuinfo}. Each value is null when the machine does not
 * say (no DMI in a container, a serial number readable by root only): the birth then leaves that metric out rather
 * than invent one.
 *
 * @param productName  DMI product_name or the device tree's model
 * @param productSku   DMI product_sku
 * @param serialNumber DMI product_serial or the device tree's serial-number
 * @param biosVersion  DMI bios_version
 * @param cpu          the CPU's model name from /proc/cpuinfo
 * @param kernelBuild  /proc/sys/kernel/version (the kernel's build: what Kura reports as firmware on Linux)
 */
public record MachineFacts(String productName, String productSku, String serialNumber, String biosVersion,
        String cpu, String kernelBuild) {

    /** Reads the facts below {@code root} ({@code /} on a gateway; a folder of fixtures in tests). */
    public static MachineFacts read(Path root) {
        Path dmi = root.resolve("sys/class/dmi/id");
        Path tree = root.resolve("proc/device-tree");
        return new MachineFacts(first(line(dmi.resolve("product_name")), line(tree.resolve("model"))),
                line(dmi.resolve("product_sku")),
                first(line(dmi.resolve("product_serial")), line(tree.resolve("serial-number"))),
                line(dmi.resolve("bios_version")), cpu(root.resolve("proc/cpuinfo")),
                line(root.resolve("proc/sys/kernel/version")));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** The first line of a small file, without the NUL the device tree ends strings with; null when unreadable. */
    static String line(Path p) {
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > 4096) {
                return null;
            }
            String s = Files.readString(p, StandardCharsets.ISO_8859_1).replace("\0", "").strip();
            int nl = s.indexOf('\n');
            s = nl < 0 ? s : s.substring(0, nl).strip();
            return s.isEmpty() || s.equalsIgnoreCase("To Be Filled By O.E.M.") ? null : s;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String cpu(Path cpuinfo) {
        try {
            if (!Files.isRegularFile(cpuinfo)) {
                return null;
            }
            for (String l : Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1)) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    String key = l.substring(0, colon).strip();
                    // x86: "model name"; ARM: "Model" (the board) or "Hardware" / "CPU part"
                    if (key.equals("model name") || key.equals("Hardware")) {
                        String v = l.substring(colon + 1).strip();
                        return v.isEmpty() ? null : v;
                    }
                }
            }
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return null;
        }
        return null;
    }
}
