/**
 * Network namespaces and child JVMs inside them, for tests that need real links (root and iproute2).
 * Used by the network and uplink tests; test runs only.
 */
@Export
@Version("1.0.0")
package org.cabinetgw.testing.netns;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
