/**
 * Failover coordination: one cabinet state from every component's health and the capability events, the
 * redundancy lost per {@link org.cabinetgw.failover.Dimension}, a history of failover
 * {@link org.cabinetgw.failover.Episode episodes} with their timings, and failover drills.
 *
 * <p>The coordinator provides {@link org.cabinetgw.failover.FailoverCoordinator} and posts the events of
 * {@link org.cabinetgw.failover.FailoverEvents}.
 */
@Export
@Version("1.1.0")
package org.cabinetgw.failover;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
