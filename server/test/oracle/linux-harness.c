/*
 * Userspace harness for the Linux command-line oracle (linux-cmdline.test.ts). Written for this
 * project: a minimal shim of the kernel definitions that next_arg() (lib/cmdline.c),
 * skip_spaces() (lib/string_helpers.c), parameq()/parse_one()/parse_args() (kernel/params.c),
 * repair_env_string() (init/main.c) and the _ctype[] table (lib/ctype.c) need. The test cuts those
 * functions out of a kernel tree into extracted.c at test time, writes table.h (the registered
 * parameter names), and compiles this file; nothing of the kernel is kept.
 *
 * Per input line (hex bytes), it runs what start_kernel() does with the command line:
 *   after = parse_args("Booting kernel", line, params, n, -1, -1, NULL, unknown);
 *   if (!IS_ERR_OR_NULL(after)) parse_args("Setting init args", after, NULL, 0, -1, -1, NULL, init);
 * and prints: P <registered name> <val>  (parse_one matched a parameter; parameq folding)
 *             U <param> <val>            (no parameter matched; what unknown_bootoption receives)
 *             I <arg>                    (an init argument, after repair_env_string)
 * then ".".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <errno.h>

typedef int8_t s8;
typedef uint8_t u8;
typedef int16_t s16;
typedef uint16_t u16;
struct module;

/* include/linux/ctype.h: the classes; the table itself comes from lib/ctype.c */
#define _U 0x01
#define _L 0x02
#define _D 0x04
#define _C 0x08
#define _P 0x10
#define _S 0x20
#define _X 0x40
#define _SP 0x80
#define EXPORT_SYMBOL(x)
#define __init
#define __initdata
#undef isspace
#define isspace(c) ((_ctype[(unsigned char)(c)] & _S) != 0)
extern const unsigned char _ctype[];

struct kernel_param;
struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
};
#define KERNEL_PARAM_OPS_FL_NOARG (1 << 0)
#define KERNEL_PARAM_FL_UNSAFE (1 << 0)
#define KERNEL_PARAM_FL_HWPARAM (1 << 1)
struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	u16 perm;
	s8 level;
	u8 flags;
	void *arg;
};
typedef int (*parse_unknown_fn)(char *param, char *val, const char *doing, void *arg);

#define pr_debug(...) do { } while (0)
#define pr_err(...) do { } while (0)
#define pr_warn(...) do { } while (0)
#define pr_notice(...) do { } while (0)
#define irqs_disabled() 0
#define kernel_param_lock(mod) do { } while (0)
#define kernel_param_unlock(mod) do { } while (0)
#define security_locked_down(what) 0
#define add_taint(a, b) do { } while (0)
#define BUG() abort()
#define MAX_ERRNO 4095
#define ERR_PTR(e) ((void *)(long)(e))
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
#define IS_ERR_OR_NULL(p) (!(p) || IS_ERR_VALUE(p))

#include "extracted.c"

#include "oracle-io.h"

static int set_param(const char *val, const struct kernel_param *kp)
{
	emit("P", kp->name, val);
	return 0;
}

static const struct kernel_param_ops ops = { .flags = KERNEL_PARAM_OPS_FL_NOARG, .set = set_param };

#define PARAM(n) { .name = n, .ops = &ops, .level = -1 },
static const struct kernel_param params[] = {
#include "table.h"
};

static int unknown(char *param, char *val, const char *doing, void *arg)
{
	emit("U", param, val);
	return 0;
}

static int init_arg(char *param, char *val, const char *doing, void *arg)
{
	repair_env_string(param, val);
	emit("I", param, NULL);
	return 0;
}

int main(void)
{
	while (read_input()) {
		char *after = parse_args("Booting kernel", buf, params, sizeof params / sizeof params[0], -1, -1, NULL, unknown);
		if (!IS_ERR_OR_NULL(after))
			parse_args("Setting init args", after, NULL, 0, -1, -1, NULL, init_arg);
		puts(".");
	}
	return 0;
}
