/**
 * A declaration of the one type of Eclipse Kura's {@code org.eclipse.kura.configuration} package that
 * the Kura bridge needs: same package, same name, same shape (a marker interface). It exists because
 * Kura's API is not on Maven Central. It is not Kura: on a Kura gateway the package comes from Kura's
 * own {@code org.eclipse.kura.api} bundle (which exports it at 1.2.0 in Kura 5/6); this bundle never
 * ships in a deployment package or in our runtime.
 */
@Export
@Version("1.0.0")
package org.eclipse.kura.configuration;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
