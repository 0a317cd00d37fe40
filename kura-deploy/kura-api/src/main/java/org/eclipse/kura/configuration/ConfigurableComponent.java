package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declaration of Kura's marker interface: Kura's ConfigurationService lists a service registered under
 * this name, with {@code service.pid} and {@code kura.service.pid} set, as a component configurable in
 * its web UI. A marker, as in Kura: no methods.
 */
@ConsumerType
public interface ConfigurableComponent {
}
