/*
 * machine_threads.c - the pool of host threads of a machine (see
 * machine_threads.h): a round is posted under the lock, every thread takes
 * PCs from it until none is left, and the last to finish wakes the caller.
 */
#include "machine_threads.h"

#include <string.h>

/* Take and run the round's PCs until none is left (called with the lock
 * held; returns with it held). */
static void run_tasks(struct machine_threads *pool)
{
    while (pool->taken < pool->tasks) {
        unsigned i = pool->taken++;
        struct cpu *cpu = pool->cpu[i];
        uint64_t until = pool->until;
        pthread_mutex_unlock(&pool->lock);
        enum cpu_stop stop = cpu_run(cpu, until);
        pthread_mutex_lock(&pool->lock);
        pool->stop[i] = stop;
        if (++pool->finished == pool->tasks)
            pthread_cond_signal(&pool->done);
    }
}

static void *worker(void *arg)
{
    struct machine_threads *pool = arg;
    pthread_mutex_lock(&pool->lock);
    uint64_t seen = pool->round;
    for (;;) {
        while (!pool->quit && pool->round == seen)
            pthread_cond_wait(&pool->start, &pool->lock);
        if (pool->quit)
            break;
        seen = pool->round;
        run_tasks(pool);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

int machine_threads_start(struct machine_threads *pool, unsigned threads)
{
    memset(pool, 0, sizeof *pool);
    if (threads < 1 || threads > MACHINE_THREADS_MAX)
        return -1;
    if (pthread_mutex_init(&pool->lock, NULL))
        return -1;
    if (pthread_cond_init(&pool->start, NULL)) {
        pthread_mutex_destroy(&pool->lock);
        return -1;
    }
    if (pthread_cond_init(&pool->done, NULL)) {
        pthread_cond_destroy(&pool->start);
        pthread_mutex_destroy(&pool->lock);
        return -1;
    }
    for (unsigned w = 0; w + 1 < threads; w++) {
        if (pthread_create(&pool->worker[w], NULL, worker, pool)) {
            machine_threads_stop(pool);
            return -1;
        }
        pool->workers++;
    }
    return 0;
}

void machine_threads_round(struct machine_threads *pool, struct cpu **cpu, unsigned count,
                           uint64_t until, enum cpu_stop *stop)
{
    if (count > MACHINE_THREADS_MAX)
        count = MACHINE_THREADS_MAX;   /* (a machine has at most 16 PCs) */
    pthread_mutex_lock(&pool->lock);
    memcpy(pool->cpu, cpu, count * sizeof *cpu);
    pool->tasks = count;
    pool->taken = pool->finished = 0;
    pool->until = until;
    pool->round++;
    pthread_cond_broadcast(&pool->start);
    run_tasks(pool);
    while (pool->finished < pool->tasks)
        pthread_cond_wait(&pool->done, &pool->lock);
    memcpy(stop, pool->stop, count * sizeof *stop);
    pthread_mutex_unlock(&pool->lock);
}

void machine_threads_stop(struct machine_threads *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->quit = true;
    pthread_cond_broadcast(&pool->start);
    pthread_mutex_unlock(&pool->lock);
    for (unsigned w = 0; w < pool->workers; w++)
        pthread_join(pool->worker[w], NULL);
    pool->workers = 0;
    pthread_cond_destroy(&pool->done);
    pthread_cond_destroy(&pool->start);
    pthread_mutex_destroy(&pool->lock);
}
