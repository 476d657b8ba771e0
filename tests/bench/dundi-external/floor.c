/*
 * The floor of the external DUNDi benchmark (tests/bench/dundi-external/run.sh): a trivial responder
 * that does the packet work every real DUNDi server does for one lookup and nothing else — reads the
 * DPDISCOVER, sends an ACK and a pre-built DPRESPONSE|FINAL (two answers, a HINT and an EXPIRATION,
 * 111 bytes, the size of the answer Asterisk sends for a number with two routes), and reads the
 * asker's final ACK: 2 packets in, 2 out. It keeps no state, checks nothing, looks nothing up.
 *
 * Batches with recvmmsg/sendmmsg, like a server that drains its socket; runs until killed or for
 * SECONDS when given.
 *
 * usage: floor HOST PORT [SECONDS]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PACKET 1500

/* IEs of the answer: two ANSWERs (SIP weight 20, IAX2 weight 10, EXISTS), HINT UNAFFECTED, EXPIRATION 300. */
static const uint8_t answer_ies[] = {
    0x05, 0x1e, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x02, 0x00, 0x01, 0x00, 0x14,
    '4', '0', '0', '1', '@', '1', '2', '7', '.', '0', '.', '0', '.', '1', ':', '5', '0', '6', '0',
    0x05, 0x3d, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x01, 0x00, 0x01, 0x00, 0x0a,
    'd', 'u', 'n', 'd', 'i', ':', 'r', 'b', 'F', 'T', 'X', 'Q', 'G', 'V', 'g', 'B', 'U', 'C', 'J', 'f', 't', 'B', 'j', '5', 'f',
    '6', 'V', 'g', '=', '=', '@', '1', '2', '7', '.', '0', '.', '0', '.', '1', ':', '4', '5', '7', '0', '/', '4', '0', '0', '1',
    0x14, 0x02, 0x00, 0x04,
    0x0b, 0x02, 0x01, 0x2c,
};

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s HOST PORT [SECONDS]\n", argv[0]);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
    if (fd < 0 || inet_pton(AF_INET, argv[1], &local.sin_addr) != 1 || bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
        perror("floor: bind");
        return 1;
    }
    int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    time_t until = argc > 3 ? time(NULL) + atoi(argv[3]) : 0;

    static uint8_t in[BATCH][PACKET];
    static struct sockaddr_in from[BATCH];
    static struct mmsghdr in_msgs[BATCH];
    static struct iovec in_iov[BATCH];
    static uint8_t out[2 * BATCH][8 + sizeof answer_ies];
    static struct mmsghdr out_msgs[2 * BATCH];
    static struct iovec out_iov[2 * BATCH];
    for (int i = 0; i < BATCH; i++) {
        in_iov[i].iov_base = in[i];
        in_iov[i].iov_len = PACKET;
        in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
        in_msgs[i].msg_hdr.msg_iovlen = 1;
        in_msgs[i].msg_hdr.msg_name = &from[i];
    }
    for (int i = 0; i < 2 * BATCH; i++) {
        memcpy(out[i] + 8, answer_ies, sizeof answer_ies);
    }
    uint16_t ours = 0;

    for (;;) {
        if (until && time(NULL) >= until) {
            break;
        }
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, 100) <= 0) {
            continue;
        }
        for (int i = 0; i < BATCH; i++) {
            in_msgs[i].msg_hdr.msg_namelen = sizeof from[i];
        }
        int got = recvmmsg(fd, in_msgs, BATCH, MSG_DONTWAIT, NULL);
        int n = 0;
        for (int i = 0; i < got; i++) {
            const uint8_t *p = in[i];
            if (in_msgs[i].msg_len < 8 || (p[6] & 0x7f) != 0x01) {
                continue; /* the final ACK: read, nothing to do */
            }
            ours = (uint16_t)(ours % 65535 + 1);
            for (int k = 0; k < 2; k++) {
                uint8_t *o = out[n];
                o[0] = (uint8_t)(ours >> 8); o[1] = (uint8_t)ours;
                o[2] = p[0]; o[3] = p[1];
                o[4] = 1; o[5] = 0;
                o[6] = k == 0 ? 0x40 : 0xc2; /* ACK, then DPRESPONSE|FINAL */
                o[7] = 0;
                out_iov[n].iov_base = o;
                out_iov[n].iov_len = k == 0 ? 8 : 8 + sizeof answer_ies;
                memset(&out_msgs[n].msg_hdr, 0, sizeof out_msgs[n].msg_hdr);
                out_msgs[n].msg_hdr.msg_iov = &out_iov[n];
                out_msgs[n].msg_hdr.msg_iovlen = 1;
                out_msgs[n].msg_hdr.msg_name = &from[i];
                out_msgs[n].msg_hdr.msg_namelen = sizeof from[i];
                n++;
            }
        }
        for (int offset = 0; offset < n;) {
            int sent = sendmmsg(fd, out_msgs + offset, (unsigned)(n - offset), 0);
            if (sent <= 0) {
                break;
            }
            offset += sent;
        }
    }
    close(fd);
    return 0;
}
