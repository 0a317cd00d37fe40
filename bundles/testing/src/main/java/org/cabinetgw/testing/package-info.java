/**
 * Support for in-framework tests. Used by test runs only: no feature deploys this bundle.
 */
@Export
@Version("1.4.0")
package org.cabinetgw.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
