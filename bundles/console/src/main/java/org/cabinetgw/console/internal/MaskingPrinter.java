package org.cabinetgw.console.internal;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;

/** A status printer in front of another one: prints what it prints, secrets masked ({@link SecretMask}). */
final class MaskingPrinter implements InventoryPrinter {

    private final InventoryPrinter original;

    MaskingPrinter(InventoryPrinter original) {
        this.original = original;
    }

    @Override
    public void print(PrintWriter printWriter, Format format, boolean isZip) {
        StringWriter buffer = new StringWriter();
        try (PrintWriter w = new PrintWriter(buffer)) {
            original.print(w, format, isZip);
        }
        printWriter.write(SecretMask.mask(buffer.toString()));
        printWriter.flush();
    }
}
