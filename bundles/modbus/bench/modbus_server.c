/*
 * A Modbus TCP server on libmodbus (Debian's libmodbus-dev): the independent server our tests and
 * the benchmark talk to. Written for this project; libmodbus does the protocol, this file only
 * fills the tables and serves several clients with select().
 *
 * usage: modbus_server [--drop-every N] PORT [SPEC...]
 *   PORT 0 picks a free port. The server prints "PORT <n>" on stdout once it listens.
 *   --drop-every N closes a client's connection after every Nth request it answered (a flaky gateway).
 *   SPEC is TABLE:ADDRESS:TYPE:ORDER:VALUE, TABLE one of c (coil), d (discrete input),
 *   h (holding register), i (input register); TYPE bool|int16|uint16|int32|uint32|int64|uint64|float32|
 *   float64|string; ORDER ABCD|CDAB|BADC|DCBA (see bundles/modbus/README.md). float32 values are checked
 *   with libmodbus's own modbus_get_float_* decoders after placing them.
 *   Every table has 65535 items (addresses 0-65534); reading address 65535 gets an exception 2.
 */
#include <errno.h>
#include <modbus.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define ITEMS 65535

static uint16_t bswap16(uint16_t w) { return (uint16_t)((w >> 8) | (w << 8)); }

/* Places 'n' big-endian words (most significant first) into tab honouring the word/byte order. */
static void put_words(uint16_t *tab, const uint16_t *be, int n, const char *order) {
    int word_swap = strcmp(order, "CDAB") == 0 || strcmp(order, "DCBA") == 0;
    int byte_swap = strcmp(order, "BADC") == 0 || strcmp(order, "DCBA") == 0;
    for (int k = 0; k < n; k++) {
        uint16_t w = word_swap ? be[n - 1 - k] : be[k];
        tab[k] = byte_swap ? bswap16(w) : w;
    }
}

static int apply(modbus_mapping_t *mb, const char *spec) {
    char table, type[16], order[8], value[256];
    int addr;
    if (sscanf(spec, "%c:%d:%15[^:]:%7[^:]:%255[^\n]", &table, &addr, type, order, value) != 5 || addr < 0
        || addr >= ITEMS) {
        fprintf(stderr, "bad spec %s\n", spec);
        return -1;
    }
    if (table == 'c' || table == 'd') {
        uint8_t *bits = table == 'c' ? mb->tab_bits : mb->tab_input_bits;
        bits[addr] = (uint8_t)(strcmp(value, "1") == 0 || strcmp(value, "true") == 0);
        return 0;
    }
    uint16_t *tab = (table == 'h' ? mb->tab_registers : mb->tab_input_registers) + addr;
    uint16_t be[4];
    if (strcmp(type, "int16") == 0 || strcmp(type, "uint16") == 0) {
        be[0] = (uint16_t)strtoll(value, NULL, 10);
        put_words(tab, be, 1, order); /* BADC and DCBA swap the two bytes of a single register too */
    } else if (strcmp(type, "int32") == 0 || strcmp(type, "uint32") == 0) {
        uint32_t v = (uint32_t)strtoll(value, NULL, 10);
        be[0] = (uint16_t)(v >> 16);
        be[1] = (uint16_t)v;
        put_words(tab, be, 2, order);
    } else if (strcmp(type, "int64") == 0 || strcmp(type, "uint64") == 0) {
        uint64_t v = strcmp(type, "int64") == 0 ? (uint64_t)strtoll(value, NULL, 10) : strtoull(value, NULL, 10);
        for (int k = 0; k < 4; k++) be[k] = (uint16_t)(v >> (48 - 16 * k));
        put_words(tab, be, 4, order);
    } else if (strcmp(type, "float32") == 0) {
        /* Placed like the other types, then read back with libmodbus's own decoder as an independent check.
         * libmodbus's modbus_set_float_* are not used: since 3.1.6 they do not round-trip with the getters
         * (stephane/libmodbus issues #611, #757, #807); the getters decode as documented. */
        float f = strtof(value, NULL);
        uint32_t v;
        memcpy(&v, &f, sizeof v);
        be[0] = (uint16_t)(v >> 16);
        be[1] = (uint16_t)v;
        put_words(tab, be, 2, order);
        float back = strcmp(order, "ABCD") == 0   ? modbus_get_float_abcd(tab)
                     : strcmp(order, "CDAB") == 0 ? modbus_get_float_cdab(tab)
                     : strcmp(order, "BADC") == 0 ? modbus_get_float_badc(tab)
                                                  : modbus_get_float_dcba(tab);
        if (back != f) {
            fprintf(stderr, "libmodbus decodes %s %s as %g, not %g\n", type, order, back, f);
            return -1;
        }
    } else if (strcmp(type, "float64") == 0) {
        double d = strtod(value, NULL);
        uint64_t v;
        memcpy(&v, &d, sizeof v);
        for (int k = 0; k < 4; k++) be[k] = (uint16_t)(v >> (48 - 16 * k));
        put_words(tab, be, 4, order);
    } else if (strcmp(type, "string") == 0) {
        /* two characters per register, the first in the high byte; BADC/DCBA swap the bytes */
        int byte_swap = strcmp(order, "BADC") == 0 || strcmp(order, "DCBA") == 0;
        size_t len = strlen(value);
        for (size_t k = 0; k < (len + 1) / 2; k++) {
            uint16_t hi = (uint8_t)value[2 * k], lo = 2 * k + 1 < len ? (uint8_t)value[2 * k + 1] : 0;
            uint16_t w = (uint16_t)(hi << 8 | lo);
            tab[k] = byte_swap ? bswap16(w) : w;
        }
    } else {
        fprintf(stderr, "bad type %s\n", type);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    int drop_every = 0;
    if (argc > 2 && strcmp(argv[1], "--drop-every") == 0) {
        drop_every = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s [--drop-every N] PORT [SPEC...]\n", argv[0]);
        return 2;
    }
    static int answered[FD_SETSIZE]; /* requests answered per client socket, for --drop-every */
    modbus_t *ctx = modbus_new_tcp("127.0.0.1", atoi(argv[1]));
    modbus_mapping_t *mb = modbus_mapping_new(ITEMS, ITEMS, ITEMS, ITEMS);
    if (ctx == NULL || mb == NULL) {
        fprintf(stderr, "cannot allocate: %s\n", modbus_strerror(errno));
        return 1;
    }
    for (int k = 0; k < ITEMS; k++) { /* a recognisable pattern where no spec writes */
        mb->tab_registers[k] = (uint16_t)k;
        mb->tab_input_registers[k] = (uint16_t)(10000 - k);
    }
    for (int a = 2; a < argc; a++) {
        if (apply(mb, argv[a]) != 0) return 2;
    }
    int server = modbus_tcp_listen(ctx, 32);
    if (server < 0) {
        fprintf(stderr, "cannot listen: %s\n", modbus_strerror(errno));
        return 1;
    }
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    getsockname(server, (struct sockaddr *)&sa, &sl);
    printf("PORT %d\n", ntohs(sa.sin_port));
    fflush(stdout);

    uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
    fd_set all;
    FD_ZERO(&all);
    FD_SET(server, &all);
    int maxfd = server;
    for (;;) {
        fd_set ready = all;
        if (select(maxfd + 1, &ready, NULL, NULL, NULL) < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        for (int fd = 0; fd <= maxfd; fd++) {
            if (!FD_ISSET(fd, &ready)) continue;
            if (fd == server) {
                int c = accept(server, NULL, NULL);
                if (c >= FD_SETSIZE) {
                    close(c);
                } else if (c >= 0) {
                    answered[c] = 0;
                    FD_SET(c, &all);
                    if (c > maxfd) maxfd = c;
                }
            } else {
                modbus_set_socket(ctx, fd);
                int rc = modbus_receive(ctx, query);
                if (rc > 0) {
                    modbus_reply(ctx, query, rc, mb);
                }
                if (rc == -1 || (rc > 0 && drop_every > 0 && ++answered[fd] % drop_every == 0)) {
                    close(fd);
                    FD_CLR(fd, &all);
                }
            }
        }
    }
}
