package org.cabinetgw.dashboard.internal;

import java.util.List;

import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.health.HealthService;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.storage.ArrayStatus;
import org.cabinetgw.storage.DiskStatus;
import org.cabinetgw.storage.FilesystemStatus;
import org.cabinetgw.uplink.UplinkStatus;

/** The api services the page reads at one moment; each may be null (not installed, or restarting). */
record Sources(FailoverCoordinator failover, PowerMonitor power, List<Meter> meters, LinkManager links,
        UplinkStatus uplink, HealthService health, List<FilesystemStatus> filesystems, DeploymentHistory deployments,
        ArrayStatus arrays, List<DiskStatus> disks) {
}
