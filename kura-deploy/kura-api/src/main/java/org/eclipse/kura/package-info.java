/**
 * Declaration of the two types of Kura's root package the cloud publisher's signature needs. Exported at 1.7.0, the
 * version Kura's {@code org.eclipse.kura.api} exports it at in the sources read here; the Kura bridge imports it from
 * 1.0 (the types it uses have not changed since) so that it wires to older Kura releases too.
 */
@Export
@Version("1.7.0")
package org.eclipse.kura;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
