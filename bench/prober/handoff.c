// What one thread hand-off costs on this machine: two threads pass a token back and forth
// through eventfds (each blocks in poll until the other writes), 2,000 round trips 200 µs
// apart, as a probe's hand-offs are. Prints the median and p90 round trip (two hand-offs).
//
//   cc -O2 -pthread bench/prober/handoff.c -o /tmp/handoff
//   /tmp/handoff                # where the scheduler puts the two threads
//   taskset -c 0 /tmp/handoff   # both on one core
//   /tmp/handoff split          # one thread on core 0, the other on core 1
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static int ping, pong;

static double micros(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void take(int fd) {
    struct pollfd p = {fd, POLLIN, 0};
    uint64_t value;
    poll(&p, 1, -1);
    if (read(fd, &value, sizeof value) != sizeof value) exit(1);
}

static void give(int fd) {
    uint64_t one = 1;
    if (write(fd, &one, sizeof one) != sizeof one) exit(1);
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) exit(2);
}

static int split;

static void *peer(void *unused) {
    (void)unused;
    if (split) pin(1);
    for (;;) {
        take(ping);
        give(pong);
    }
    return NULL;
}

static int ascending(const void *a, const void *b) {
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

int main(int argc, char **argv) {
    enum { rounds = 2000 };
    split = argc > 1 && argv[1][0] == 's';
    if (split) pin(0);
    static double trip[rounds];
    ping = eventfd(0, 0);
    pong = eventfd(0, 0);
    pthread_t thread;
    pthread_create(&thread, NULL, peer, NULL);
    for (int i = 0; i < rounds; i++) {
        usleep(200);
        double start = micros();
        give(ping);
        take(pong);
        trip[i] = micros() - start;
    }
    qsort(trip, rounds, sizeof trip[0], ascending);
    printf("round trip (two hand-offs): median %.1f us, p90 %.1f us, %d rounds\n", trip[rounds / 2], trip[rounds * 9 / 10], rounds);
    return 0;
}
