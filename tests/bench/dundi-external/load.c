/*
 * DUNDi load client for the external benchmark (tests/bench/dundi-external/run.sh).
 *
 * Plays one Asterisk box asking a DUNDi server from one UDP socket, with W queries in flight: each
 * query is a DPDISCOVER (VERSION, EID_DIRECT, CALLED_NUMBER, CALLED_CONTEXT, TTL) with a fresh
 * transaction id; the server's ACK is read and ignored, its DPRESPONSE|FINAL is acknowledged with
 * ACK|FINAL as Asterisk does (docs/protocols/dundi.md §Reliability), and the slot sends its next
 * query at once. A query without a final answer within the patience is counted lost.
 *
 * It is written in C, single-threaded, batching with recvmmsg/sendmmsg, so that it costs far less CPU
 * than any server it measures: it reports its own CPU share, which must stay well below one core for
 * the figures to be about the server.
 *
 * usage: load HOST PORT WINDOW SECONDS FIRST COUNT EID CONTEXT [PATIENCE_MS]
 *   FIRST, COUNT: the numbers asked are FIRST .. FIRST+COUNT-1, in turn.
 *   EID: the client's EID (xx:xx:xx:xx:xx:xx), which the server must accept as an inbound peer.
 * Prints one line of key=value pairs: sent, answered, failed (a response without an answer), lost,
 * seconds, rate, p50_us, p99_us, max_us, client_cpu (share of one core).
 *
 * Loopback only: the run script passes 127.0.0.1. The loop ends after SECONDS plus the patience.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_WINDOW 1024
#define BATCH 64
#define PACKET 1500
#define MAX_SAMPLES (64u * 1024u * 1024u)

enum { CMD_DPDISCOVER = 0x01, CMD_ACK = 0x40, CMD_DPRESPONSE = 0x42, FINAL = 0x80 };
enum { IE_CALLED_CONTEXT = 2, IE_CALLED_NUMBER = 3, IE_EID_DIRECT = 4, IE_ANSWER = 5, IE_TTL = 6, IE_VERSION = 10, IE_CAUSE = 14 };

struct slot {
    uint16_t id;      /* our transaction id (strans), 0 when the slot is free */
    uint64_t sent_ns; /* when the query went out */
};

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int parse_eid(const char *text, uint8_t eid[6])
{
    unsigned v[6];
    if (sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) {
        return -1;
    }
    for (int i = 0; i < 6; i++) {
        eid[i] = (uint8_t)v[i];
    }
    return 0;
}

/* The DPDISCOVER for number, transaction id 0 (patched per send); returns its length. */
static size_t build_query(uint8_t *p, const uint8_t eid[6], const char *number, const char *context)
{
    size_t n = 0;
    memset(p, 0, 8);
    p[6] = CMD_DPDISCOVER;
    n = 8;
    p[n++] = IE_VERSION; p[n++] = 2; p[n++] = 0; p[n++] = 1;
    p[n++] = IE_EID_DIRECT; p[n++] = 6; memcpy(p + n, eid, 6); n += 6;
    size_t len = strlen(number);
    p[n++] = IE_CALLED_NUMBER; p[n++] = (uint8_t)len; memcpy(p + n, number, len); n += len;
    len = strlen(context);
    p[n++] = IE_CALLED_CONTEXT; p[n++] = (uint8_t)len; memcpy(p + n, context, len); n += len;
    p[n++] = IE_TTL; p[n++] = 2; p[n++] = 0; p[n++] = 32;
    return n;
}

/* True when the DPRESPONSE carries at least one ANSWER and no CAUSE. */
static int answered(const uint8_t *p, size_t length)
{
    int answers = 0;
    for (size_t i = 8; i + 2 <= length;) {
        uint8_t type = p[i], len = p[i + 1];
        if (i + 2 + len > length) {
            return 0;
        }
        if (type == IE_CAUSE) {
            return 0;
        }
        if (type == IE_ANSWER) {
            answers++;
        }
        i += 2u + len;
    }
    return answers > 0;
}

int main(int argc, char **argv)
{
    if (argc < 9) {
        fprintf(stderr, "usage: %s HOST PORT WINDOW SECONDS FIRST COUNT EID CONTEXT [PATIENCE_MS]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    int window = atoi(argv[3]);
    double seconds = atof(argv[4]);
    long first = atol(argv[5]);
    long count = atol(argv[6]);
    uint8_t eid[6];
    const char *context = argv[8];
    uint64_t patience_ns = (uint64_t)(argc > 9 ? atoi(argv[9]) : 1000) * 1000000u;
    if (window < 1 || window > MAX_WINDOW || count < 1 || parse_eid(argv[7], eid) != 0) {
        fprintf(stderr, "load: bad WINDOW (1..%d), COUNT or EID\n", MAX_WINDOW);
        return 2;
    }

    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (fd < 0 || inet_pton(AF_INET, host, &server.sin_addr) != 1 || connect(fd, (struct sockaddr *)&server, sizeof server) != 0) {
        perror("load: socket");
        return 1;
    }
    int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);

    /* Queries encoded once per number; only the transaction id is patched per send. */
    uint8_t (*queries)[96] = malloc((size_t)count * 96);
    size_t *lengths = malloc((size_t)count * sizeof *lengths);
    uint32_t *samples = malloc(MAX_SAMPLES * sizeof *samples);
    if (!queries || !lengths || !samples) {
        fprintf(stderr, "load: out of memory\n");
        return 1;
    }
    for (long i = 0; i < count; i++) {
        char number[24];
        snprintf(number, sizeof number, "%ld", first + i);
        lengths[i] = build_query(queries[i], eid, number, context);
    }

    static struct slot slots[MAX_WINDOW];
    static int16_t slot_of[65536]; /* transaction id -> slot, -1 when none */
    memset(slot_of, 0xff, sizeof slot_of);
    uint16_t next_id = 0;
    long next_number = 0;
    uint64_t sent = 0, done = 0, failed = 0, lost = 0, samples_n = 0;

    static uint8_t out[MAX_WINDOW + BATCH][PACKET];
    static struct mmsghdr out_msgs[MAX_WINDOW + BATCH];
    static struct iovec out_iov[MAX_WINDOW + BATCH];
    static uint8_t in[BATCH][PACKET];
    static struct mmsghdr in_msgs[BATCH];
    static struct iovec in_iov[BATCH];
    for (int i = 0; i < BATCH; i++) {
        in_iov[i].iov_base = in[i];
        in_iov[i].iov_len = PACKET;
        in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
        in_msgs[i].msg_hdr.msg_iovlen = 1;
    }

    struct rusage ru0;
    getrusage(RUSAGE_SELF, &ru0);
    uint64_t start = now_ns();
    uint64_t stop_sending = start + (uint64_t)(seconds * 1e9);
    uint64_t stop = stop_sending + patience_ns;
    int outstanding = 0;

    for (;;) {
        uint64_t now = now_ns();
        int pending = 0;

        /* Give up on queries past their patience; fill free slots with new queries. */
        for (int s = 0; s < window; s++) {
            if (slots[s].id != 0 && now - slots[s].sent_ns > patience_ns) {
                slot_of[slots[s].id] = -1;
                slots[s].id = 0;
                lost++;
                outstanding--;
            }
            if (slots[s].id == 0 && now < stop_sending) {
                /* Ids are 15 bits: a receiver reads strans with its top bit masked off
                 * (docs/protocols/dundi.md §Header), as Asterisk does. */
                do {
                    next_id = (uint16_t)(next_id % 32767 + 1);
                } while (slot_of[next_id] != -1);
                long q = next_number;
                next_number = (next_number + 1) % count;
                memcpy(out[pending], queries[q], lengths[q]);
                out[pending][0] = (uint8_t)(next_id >> 8);
                out[pending][1] = (uint8_t)next_id;
                out_iov[pending].iov_base = out[pending];
                out_iov[pending].iov_len = lengths[q];
                memset(&out_msgs[pending].msg_hdr, 0, sizeof out_msgs[pending].msg_hdr);
                out_msgs[pending].msg_hdr.msg_iov = &out_iov[pending];
                out_msgs[pending].msg_hdr.msg_iovlen = 1;
                pending++;
                slots[s].id = next_id;
                slots[s].sent_ns = now;
                slot_of[next_id] = (int16_t)s;
                sent++;
                outstanding++;
            }
        }
        for (int offset = 0; offset < pending;) {
            int n = sendmmsg(fd, out_msgs + offset, (unsigned)(pending - offset), 0);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR || errno == ECONNREFUSED) {
                    break; /* the lost queries are counted at their patience */
                }
                perror("load: sendmmsg");
                return 1;
            }
            offset += n;
        }
        if (now >= stop || (now >= stop_sending && outstanding == 0)) {
            break;
        }

        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, 1) <= 0) {
            continue;
        }
        int got = recvmmsg(fd, in_msgs, BATCH, MSG_DONTWAIT, NULL);
        if (got <= 0) {
            continue;
        }
        int acks = 0;
        uint64_t received = now_ns();
        for (int i = 0; i < got; i++) {
            const uint8_t *p = in[i];
            size_t length = in_msgs[i].msg_len;
            if (length < 8) {
                continue;
            }
            uint16_t id = (uint16_t)(p[2] << 8 | p[3]);
            int s = slot_of[id];
            uint8_t command = p[6] & 0x7f;
            if (s < 0 || command == CMD_ACK) {
                continue;
            }
            if (command == CMD_DPRESPONSE && (p[6] & FINAL)) {
                /* ACK|FINAL: acknowledges the response (its oseqno + 1); our DPDISCOVER was oseqno 0. */
                uint8_t *a = out[acks];
                a[0] = (uint8_t)(id >> 8); a[1] = (uint8_t)id;
                a[2] = p[0]; a[3] = p[1];
                a[4] = (uint8_t)(p[5] + 1); a[5] = 1;
                a[6] = CMD_ACK | FINAL; a[7] = 0;
                out_iov[acks].iov_base = a;
                out_iov[acks].iov_len = 8;
                memset(&out_msgs[acks].msg_hdr, 0, sizeof out_msgs[acks].msg_hdr);
                out_msgs[acks].msg_hdr.msg_iov = &out_iov[acks];
                out_msgs[acks].msg_hdr.msg_iovlen = 1;
                acks++;
            }
            if (command == CMD_DPRESPONSE) {
                uint64_t elapsed = received - slots[s].sent_ns;
                if (slots[s].sent_ns >= start && samples_n < MAX_SAMPLES) {
                    samples[samples_n++] = (uint32_t)(elapsed / 1000u);
                }
                if (answered(p, length)) {
                    done++;
                } else {
                    failed++;
                }
            } else {
                failed++;
            }
            slot_of[id] = -1;
            slots[s].id = 0;
            outstanding--;
        }
        for (int offset = 0; offset < acks;) {
            int n = sendmmsg(fd, out_msgs + offset, (unsigned)(acks - offset), 0);
            if (n <= 0) {
                break;
            }
            offset += n;
        }
    }

    uint64_t end = now_ns();
    struct rusage ru1;
    getrusage(RUSAGE_SELF, &ru1);
    double wall = (double)(end - start) / 1e9;
    double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) + (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6
        + (double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) + (double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    qsort(samples, samples_n, sizeof *samples, compare_u32);
    uint32_t p50 = samples_n ? samples[samples_n / 2] : 0;
    uint32_t p99 = samples_n ? samples[(samples_n * 99) / 100] : 0;
    uint32_t max = samples_n ? samples[samples_n - 1] : 0;
    double sending = seconds < wall ? seconds : wall;
    printf("sent=%llu answered=%llu failed=%llu lost=%llu seconds=%.3f rate=%.0f p50_us=%u p99_us=%u max_us=%u client_cpu=%.3f\n",
        (unsigned long long)sent, (unsigned long long)done, (unsigned long long)failed, (unsigned long long)lost,
        wall, (double)(done + failed) / sending, p50, p99, max, cpu / wall);
    close(fd);
    return 0;
}
