package org.cabinetgw.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a Modbus line is and how to talk on it. Two meters with equal endpoints share one line, so
 * their requests are serialised (an RS-485 bus or a serial gateway answers one request at a time).
 *
 * @param transport      TCP, RTU over TCP or RTU on a serial port
 * @param host           host name or address (TCP transports); empty for serial
 * @param port           TCP port 1-65535; ignored for serial
 * @param serialPort     device such as {@code /dev/ttyUSB0} (serial only); empty otherwise
 * @param baudRate       serial speed (serial only), e.g. 9600
 * @param parity         'N', 'E' or 'O' (serial only)
 * @param stopBits       1 or 2 (serial only)
 * @param timeout        how long to wait for an answer (and for a TCP connect)
 * @param retries        how many times a failed request is repeated before the error is reported (0-10)
 * @param pause          silence kept between two requests on this line; many meters need some
 * @param maxBackoff     longest wait between reconnect attempts; the wait doubles from 100 ms up to it (a refused
 *                       connect, the host answering but nobody listening, is tried again within 1 s)
 */
public record ModbusEndpoint(Transport transport, String host, int port, String serialPort, int baudRate,
        char parity, int stopBits, Duration timeout, int retries, Duration pause, Duration maxBackoff) {

    public ModbusEndpoint {
        Objects.requireNonNull(transport, "transport");
        host = host == null ? "" : host.trim();
        serialPort = serialPort == null ? "" : serialPort.trim();
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (transport == Transport.RTU_SERIAL) {
            if (serialPort.isEmpty()) {
                throw new IllegalArgumentException("serialPort must be set for RTU_SERIAL");
            }
            host = "";
            port = 0;
        } else {
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host must be set for " + transport);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1-65535");
            }
            serialPort = "";
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries " + retries + " is outside 0-10");
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative, was " + pause);
        }
    }

    /** A Modbus TCP endpoint with 1 s timeout, 1 retry, no pause and a 30 s reconnect backoff. */
    public static ModbusEndpoint tcp(String host, int port) {
        return new ModbusEndpoint(Transport.TCP, host, port, "", 0, 'N', 1, Duration.ofSeconds(1), 1,
                Duration.ZERO, Duration.ofSeconds(30));
    }

    /** This endpoint with another timeout. */
    public ModbusEndpoint withTimeout(Duration newTimeout) {
        return new ModbusEndpoint(transport, host, port, serialPort, baudRate, parity, stopBits, newTimeout, retries,
                pause, maxBackoff);
    }

    /** This endpoint with another retry count. */
    public ModbusEndpoint withRetries(int newRetries) {
        return new ModbusEndpoint(transport, host, port, serialPort, baudRate, parity, stopBits, timeout, newRetries,
                pause, maxBackoff);
    }

    /** A short text for logs: {@code tcp://host:502} or {@code rtu:/dev/ttyUSB0@9600}. */
    public String describe() {
        return switch (transport) {
            case TCP -> "tcp://" + host + ":" + port;
            case RTU_OVER_TCP -> "rtu+tcp://" + host + ":" + port;
            case RTU_SERIAL -> "rtu:" + serialPort + "@" + baudRate + parity + stopBits;
        };
    }
}
