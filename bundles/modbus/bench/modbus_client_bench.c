/*
 * The reference client of the benchmark: libmodbus reading 100 holding registers in a loop over one
 * TCP connection for the given number of seconds, then printing "reads <n> seconds <s>".
 * usage: modbus_client_bench PORT SECONDS
 */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PORT SECONDS\n", argv[0]);
        return 2;
    }
    modbus_t *ctx = modbus_new_tcp("127.0.0.1", atoi(argv[1]));
    if (ctx == NULL || modbus_connect(ctx) == -1) {
        fprintf(stderr, "connect failed: %s\n", modbus_strerror(errno));
        return 1;
    }
    uint16_t regs[100];
    double seconds = atof(argv[2]);
    long reads = 0;
    double start = now(), end = start + seconds, t = start;
    while (t < end) {
        if (modbus_read_registers(ctx, 0, 100, regs) != 100) {
            fprintf(stderr, "read failed: %s\n", modbus_strerror(errno));
            return 1;
        }
        reads++;
        if ((reads & 63) == 0) t = now();
    }
    t = now();
    printf("reads %ld seconds %.3f\n", reads, t - start);
    modbus_close(ctx);
    modbus_free(ctx);
    return 0;
}
