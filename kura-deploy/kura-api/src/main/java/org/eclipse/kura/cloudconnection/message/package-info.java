/**
 * Declaration of the types of Kura's {@code org.eclipse.kura.cloudconnection.message} package the Kura bridge uses,
 * exported at 1.0.0 as Kura exports it (unchanged since Kura 4.0).
 */
@Export
@Version("1.0.0")
package org.eclipse.kura.cloudconnection.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
