/*
 * exec_control.c - executors of the control instructions (000-017, and the
 * X-MP status and shared-register transmits): exits, monitor functions, VL
 * and VM, jumps and branches, modes, the programmable clock, and the X-MP
 * 24-bit constant, status register, clusters and semaphores
 * (cray1-isa.md 3.1-3.2, 2.3, 5.3).
 */
#include "exec.h"

/* ---- exits ---------------------------------------------------------------- */

/* Both always start an exchange: in monitor mode without setting a flag, so
 * the cpu stops with flags still 0 and a monitor_exit note instead. */
void exec_error_exit(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    if (cpu->modes & MODE_MONITOR)
        cpu->monitor_exit = true;
    else
        cpu->flags |= FLAG_ERROR_EXIT;
}

void exec_normal_exit(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    if (cpu->modes & MODE_MONITOR)
        cpu->monitor_exit = true;
    else
        cpu->flags |= FLAG_NORMAL_EXIT;
}

void exec_pass(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

/* ---- monitor instructions: no-ops outside monitor mode --------------------- */

static bool monitor(const struct cpu *cpu) { return cpu->modes & MODE_MONITOR; }

/* Channels: C-1 attaches no channel devices (the OS does its own I/O), so
 * the channel registers are accepted and have no further effect. */
void exec_channel_address(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

void exec_channel_limit(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

void exec_channel_clear(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

void exec_set_xa(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    if (monitor(cpu))
        cpu->xa = (op_aj(cpu, p) >> 4) & 0377;
}

void exec_set_rt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    if (monitor(cpu))
        cpu->rt_offset = op_sj(cpu, p) - cpu->clock;
}

void exec_clock_interval(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    if (monitor(cpu)) {
        cpu->clock_interval = (uint32_t)op_sj(cpu, p);
        cpu->clock_countdown = cpu->clock_interval;
    }
}

void exec_clock_clear(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    if (monitor(cpu))
        cpu->flags &= ~(uint32_t)FLAG_CLOCK_INTERRUPT;
}

void exec_clock_enable(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    if (monitor(cpu))
        cpu->modes |= MODE_CLOCK_ENABLED;
}

void exec_clock_disable(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    if (monitor(cpu))
        cpu->modes &= ~(uint32_t)MODE_CLOCK_ENABLED;
}

/* Inter-processor interrupts: the machine loop delivers them (machine.c);
 * a lone cpu records nothing. */
void exec_cpu_interrupt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

void exec_cpu_interrupt_clear(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

void exec_set_cluster(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    if (monitor(cpu))
        cpu->cluster = isa_j(p);
}

/* ---- VL, VM, modes ------------------------------------------------------------ */

void exec_set_vl(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    uint32_t ak = op_ak(cpu, p);
    if (cpu->model == MODEL_XMP)
        cpu->vl = (ak & 077) ? (ak & 077) : 64;
    else
        cpu->vl = ak & 0177;
}

void exec_set_vm(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->vm = op_sj(cpu, p);
}

void exec_enable_fp_interrupt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    cpu->modes |= MODE_FP_INTERRUPT;
}

void exec_disable_fp_interrupt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    cpu->modes &= ~(uint32_t)MODE_FP_INTERRUPT;
}

void exec_enable_range_interrupt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    cpu->modes |= MODE_RANGE_INTERRUPT;
}

void exec_disable_range_interrupt(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    cpu->modes &= ~(uint32_t)MODE_RANGE_INTERRUPT;
}

void exec_disable_bidirectional(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    cpu->modes &= ~(uint32_t)MODE_BIDIRECTIONAL;
}

void exec_enable_bidirectional(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)p;
    (void)m;
    cpu->modes |= MODE_BIDIRECTIONAL;
}

/* CMR: every memory reference of C-1 completes at issue, so there is nothing
 * to wait for (the timing model accounts for the hold). */
void exec_complete_memory(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)cpu;
    (void)p;
    (void)m;
}

/* ---- jumps and branches --------------------------------------------------------- */

static uint32_t branch_target(unsigned p, unsigned m) { return isa_ijkm(p, m) & 0xFFFFFF; }

void exec_jump_b(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->p = cpu->b[isa_jk(p)];
}

void exec_jump(struct cpu *cpu, unsigned p, unsigned m) { cpu->p = branch_target(p, m); }

void exec_return_jump(struct cpu *cpu, unsigned p, unsigned m)
{
    cpu->b[0] = cpu->p & A_MASK;   /* cpu->p already points after the 007 */
    cpu->p = branch_target(p, m);
}

#define BRANCH(name, condition)                                                            \
    void exec_##name(struct cpu *cpu, unsigned p, unsigned m)                             \
    {                                                                                      \
        if (condition)                                                                     \
            cpu->p = branch_target(p, m);                                                  \
    }

BRANCH(branch_a0_zero, cpu->a[0] == 0)
BRANCH(branch_a0_nonzero, cpu->a[0] != 0)
BRANCH(branch_a0_plus, !(cpu->a[0] & 0x800000))
BRANCH(branch_a0_minus, (cpu->a[0] & 0x800000) != 0)
BRANCH(branch_s0_zero, cpu->s[0] == 0)
BRANCH(branch_s0_nonzero, cpu->s[0] != 0)
BRANCH(branch_s0_plus, !(cpu->s[0] >> 63))
BRANCH(branch_s0_minus, (cpu->s[0] >> 63) != 0)

/* ---- X-MP additions ------------------------------------------------------------------ */

void exec_a_const24(struct cpu *cpu, unsigned p, unsigned m)
{
    cpu->a[isa_h(p)] = ((uint32_t)(isa_i(p) & 3) << 22) | isa_jkm(p, m);
}

void exec_a_from_vl(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    cpu->a[isa_i(p)] = cpu->vl;
}

/* 073i01: the status register SR0 (cray1-isa.md 2.3): cluster flag, PS,
 * FPS, IFP, IOR, BDM, processor number and cluster number.  Bit places, as
 * C-1 lays them out (the order of the fact table, from bit 63 down; [U]):
 * 63 cluster != 0, 62 PS (always 0: C-1 has no program-state bit set),
 * 61 FPS, 60 IFP, 59 IOR, 58 BDM, 57..56 unused, 55..48 PN, 47..40 CLN. */
void exec_s_from_status(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    uint64_t status = 0;
    status |= (uint64_t)(cpu->cluster != 0) << 63;
    status |= (uint64_t)((cpu->modes & MODE_FP_STATUS) != 0) << 61;
    status |= (uint64_t)((cpu->modes & MODE_FP_INTERRUPT) != 0) << 60;
    status |= (uint64_t)((cpu->modes & MODE_RANGE_INTERRUPT) != 0) << 59;
    status |= (uint64_t)((cpu->modes & MODE_BIDIRECTIONAL) != 0) << 58;
    status |= (uint64_t)(cpu->processor & 0377) << 48;
    status |= (uint64_t)(cpu->cluster & 0377) << 40;
    cpu->s[isa_i(p)] = status;
}

/* Shared registers: CLN 0 (or no clusters) reads 0 and ignores writes. */
static struct shared_cluster *cluster_of(struct cpu *cpu)
{
    if (!cpu->clusters || cpu->cluster == 0 || cpu->cluster > cpu->cluster_count)
        return NULL;
    return &cpu->clusters[cpu->cluster];
}

void exec_a_from_shared_b(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    cpu->a[isa_i(p)] = c ? c->sb[isa_j(p)] : 0;
}

void exec_shared_b_from_a(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    if (c)
        c->sb[isa_j(p)] = cpu->a[isa_i(p)];
}

void exec_s_from_shared_t(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    cpu->s[isa_i(p)] = c ? c->st[isa_j(p)] : 0;
}

void exec_shared_t_from_s(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    if (c)
        c->st[isa_j(p)] = cpu->s[isa_i(p)];
}

void exec_s_from_semaphores(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    cpu->s[isa_i(p)] = c ? (uint64_t)c->semaphores << 32 : 0;
}

void exec_semaphores_from_s(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    if (c)
        c->semaphores = (uint32_t)(cpu->s[isa_i(p)] >> 32);
}

static uint32_t semaphore_bit(unsigned p) { return UINT32_C(1) << (31 - (isa_jk(p) & 037)); }

/* Test and set: while the semaphore is set the instruction does not issue;
 * P stays on it and the cpu waits (another processor clears it). */
void exec_semaphore_test_set(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    if (!c)
        return;
    if (c->semaphores & semaphore_bit(p))
        cpu->p -= 1;   /* hold issue: execute it again */
    else
        c->semaphores |= semaphore_bit(p);
}

void exec_semaphore_clear(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    if (c)
        c->semaphores &= ~semaphore_bit(p);
}

void exec_semaphore_set(struct cpu *cpu, unsigned p, unsigned m)
{
    (void)m;
    struct shared_cluster *c = cluster_of(cpu);
    if (c)
        c->semaphores |= semaphore_bit(p);
}
