/**
 * High availability: two gateways in one cabinet as an active/standby pair.
 *
 * <p>The ha bundle decides this node's {@link org.cabinetgw.ha.Role} from authenticated heartbeats on two or
 * more independent paths, a durable epoch and a witness. It provides {@link org.cabinetgw.ha.HaPair} (status and
 * a planned switchover), posts the events of {@link org.cabinetgw.ha.HaEvents}, and registers the OSGi condition
 * {@link org.cabinetgw.ha.HaPair#ACTIVE_CONDITION} while this node may act for the cabinet (ACTIVE, or
 * STANDALONE when no pair is configured). A component that must run on one node of the pair only requires it:
 * {@code @SatisfyingConditionTarget("(osgi.condition.id=cabinetgw.active)")}. While a pair is configured it also
 * registers an {@link org.cabinetgw.ha.ActingPermit}, the fence a sender reads before each connection and send.
 */
@Export
@Version("1.4.0")
package org.cabinetgw.ha;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
