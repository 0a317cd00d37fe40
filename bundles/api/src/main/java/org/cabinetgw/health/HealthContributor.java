package org.cabinetgw.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a component that reports its health registers one of these with the
 * service property {@link #COMPONENT} naming it. The core health registry tracks all of them.
 *
 * <p>When its health changes, the component also posts {@link HealthEvents#CHANGED} so the registry
 * (and anyone else) learns of it at once instead of on its next check.
 */
@ConsumerType
public interface HealthContributor {

    /** Service property: the component's name as shown in /health, e.g. {@code link.wired}. */
    String COMPONENT = "health.component";

    /** The current health. Must be cheap and must not block: it is called while aggregating. */
    Health health();
}
