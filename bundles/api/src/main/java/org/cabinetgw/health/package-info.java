/**
 * Health of the gateway's components and of the cabinet as a whole.
 *
 * <p>A component contributes its health by registering a {@link org.cabinetgw.health.HealthContributor}
 * service (whiteboard pattern) and posts {@link org.cabinetgw.health.HealthEvents#CHANGED} whenever it
 * changes. The core bundle aggregates all contributors into one {@link org.cabinetgw.health.CabinetHealth}.
 */
@Export
@Version("1.1.0")
package org.cabinetgw.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
