package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.versioning.ConsumerType;

/** Declaration of Kura's listener of a cloud connection's state, registered with a cloud publisher. */
@ConsumerType
public interface CloudConnectionListener {

    /** The connection was closed on purpose. */
    void onDisconnected();

    /** The connection was lost; Kura reconnects by itself. */
    void onConnectionLost();

    /** The connection is up. */
    void onConnectionEstablished();
}
