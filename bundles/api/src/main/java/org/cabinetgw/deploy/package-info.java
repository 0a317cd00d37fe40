/**
 * Remote deployment: features arrive as OSGi deployment packages (.dp), are installed or updated
 * without a restart, health-gated and rolled back by themselves when they do not come up.
 *
 * <p>Requests reach the deploy agent through a {@link org.cabinetgw.deploy.CommandHandler}: the agent
 * registers one (whiteboard) for the application {@code DEPLOY-V2}, and whatever owns the connection
 * to the cloud (the MQTT uplink) delivers each request addressed to that application and carries the
 * replies back through the {@link org.cabinetgw.deploy.CommandResponder} it passes along. The agent
 * posts {@link org.cabinetgw.deploy.DeployEvents} as a deployment proceeds, and its journal of every
 * deployment is readable through {@link org.cabinetgw.deploy.DeploymentHistory} (1.1).
 */
@Export
@Version("1.1.0")
package org.cabinetgw.deploy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
