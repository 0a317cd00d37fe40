/**
 * Declaration of Kura's {@code KuraPayload}. Exported at 1.5.0 as Kura's {@code org.eclipse.kura.api} exports the
 * package in the sources read here; the Kura bridge imports it from 1.0.
 */
@Export
@Version("1.5.0")
package org.eclipse.kura.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
