package org.cabinetgw.network.internal;

/**
 * Changes nothing: for the demo and for Kura gateways, where Kura's NetworkManager owns routing. The link
 * manager still probes, decides and posts its events, with {@code applied=false}: a recommendation.
 * Probes then leave through whatever route the system chooses for their bound source address.
 */
final class SimulatedBackend implements RoutingBackend {

    private volatile String recommended;

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public boolean applies() {
        return false;
    }

    @Override
    public void prepare(LinkRoute route) {
        // nothing to install: the system's own routing stays as it is
    }

    @Override
    public void makeDefault(LinkRoute route) {
        recommended = route.link();
    }

    @Override
    public void remove(LinkRoute route) {
        if (route.link().equals(recommended)) {
            recommended = null;
        }
    }

    /** The link last recommended as default, or null. */
    String recommended() {
        return recommended;
    }
}
